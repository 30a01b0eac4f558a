#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
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

/// A float32 .npy file mapped into memory, read-only: the pages are read when touched, so a file
/// larger than memory can be used. `values` stays valid while `mapping` (or a copy of it) lives.
struct MappedNpy {
    std::vector<std::int64_t> shape;
    const float* values = nullptr;
    std::shared_ptr<const void> mapping;
};

/// Maps a '<f4', C-order .npy file. Throws tl::Error naming the file for any other file.
MappedNpy mapNpy(const std::filesystem::path& file);

}  // namespace tl
