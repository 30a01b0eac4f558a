#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

namespace tl {

/// A NumPy array held as float32, C order.
struct NpyArray {
    std::vector<std::int64_t> shape;
    std::vector<float> values;
};

/// Writes a NumPy .npy file (format 1.0, little-endian, C order) atomically. `values` holds the
/// product of `shape` values. dtype '<f4', or '<i8' with `asInt64` (values are rounded).
void writeNpy(const std::filesystem::path& file, const std::vector<std::int64_t>& shape, const float* values,
              bool asInt64 = false);

/// Reads a .npy file of dtype float32, float64, int32, int64 or uint8 (little-endian, C order)
/// into float32. Throws tl::Error naming the file for anything else (Fortran order, pickled
/// objects, truncated data).
NpyArray readNpy(const std::filesystem::path& file);

}  // namespace tl
