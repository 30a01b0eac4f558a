#pragma once
#include <cstdint>
#include <filesystem>

namespace tl {

/// What tells one version of an image file from another, for caches keyed on files: its size
/// and modification time; for a file inside a zip archive, its unpacked size and its CRC-32
/// with the archive's modification time. Both zero when the file cannot be found.
struct FileStamp {
    std::uintmax_t size = 0;
    std::int64_t version = 0;
};

FileStamp stampOf(const std::filesystem::path& file);

}  // namespace tl
