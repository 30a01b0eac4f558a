#pragma once
// Internal: a small read-only view of an HDF5 file through the HDF5 C API (no torch).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tl::internal {

/// An HDF5 file opened read-only. Paths are HDF5 object paths relative to the root ("/" or
/// "model_weights/block1_conv1"). Every failure (not HDF5, truncated, damaged, absent object,
/// unsupported type) is a tl::Error naming the file and the object; HDF5's own error printing is
/// switched off process-wide, so nothing reaches stderr. HDF5 calls are serialised by a global
/// lock (Debian's serial build is not thread-safe). Not copyable.
class Hdf5File {
public:
    explicit Hdf5File(const std::filesystem::path& file);
    ~Hdf5File();
    Hdf5File(const Hdf5File&) = delete;
    Hdf5File& operator=(const Hdf5File&) = delete;

    const std::filesystem::path& path() const { return path_; }

    /// True when `objectPath` names a group.
    bool hasGroup(const std::string& objectPath) const;
    /// True when the object at `objectPath` carries attribute `name`.
    bool hasAttribute(const std::string& objectPath, const std::string& name) const;

    /// A string-array attribute of fixed-length strings (what Keras writes; trailing NULs stripped).
    /// Variable-length strings are refused: see Hdf5File.cpp.
    /// Keras splits attributes over 64 KiB into `name0`, `name1`, ...: those are joined when
    /// `name` itself is absent. Throws tl::Error when neither exists or the type is not a string.
    std::vector<std::string> stringListAttribute(const std::string& objectPath, const std::string& name) const;

    /// Dimensions of the dataset at `datasetPath` (row-major, as stored).
    std::vector<std::int64_t> datasetShape(const std::string& datasetPath) const;

    /// The floating-point dataset at `datasetPath` converted to float32, row-major. Throws
    /// tl::Error for a non-float dataset or a failed read (damaged or truncated data).
    std::vector<float> readFloats(const std::string& datasetPath) const;

private:
    std::filesystem::path path_;
    std::int64_t handle_ = -1;  ///< hid_t of the open file
};

/// True when `file` starts with the 8-byte HDF5 signature (files with a user block are not
/// recognised; Keras never writes one).
bool looksLikeHdf5(const std::filesystem::path& file);

}  // namespace tl::internal
