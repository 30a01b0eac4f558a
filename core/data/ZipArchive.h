#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tl {

/// A zip archive read in place (Kaggle's dogs-vs-cats `train.zip`: 25,000 JPEGs under `train/`),
/// so that a data set can be used without unpacking it. Its files are named by paths that run
/// through the archive as if it were a folder: `~/Downloads/train.zip/train/cat.0.jpg`.
/// Stored and deflated entries are read (zip64 too); encrypted entries and other compression
/// methods are refused by name. Reading is safe from several threads at once.
class ZipArchive {
public:
    struct Entry {
        std::string name;  ///< the path inside the archive, '/'-separated ("train/cat.0.jpg")
        std::uint64_t size = 0;
        std::uint64_t compressedSize = 0;
        std::uint32_t crc32 = 0;
        std::uint16_t method = 0;  ///< 0 stored, 8 deflated
        bool encrypted = false;
        std::uint64_t localHeaderOffset = 0;
    };

    /// The largest entry read (256 MiB): an image is far smaller, and a "zip bomb" entry that
    /// declares or inflates to more is refused rather than filling memory.
    static constexpr std::uint64_t kMaxEntryBytes = 256ull << 20;

    /// Reads the archive's central directory. Throws tl::Error naming the file when it is not a
    /// zip archive, is truncated or cannot be read.
    explicit ZipArchive(const std::filesystem::path& file);
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    /// The archive `file` opened once per process and shared: reopened when its size or
    /// modification time changes. Thread-safe.
    static std::shared_ptr<const ZipArchive> shared(const std::filesystem::path& file);

    const std::filesystem::path& file() const { return file_; }
    /// Every file entry (folders left out), sorted by name.
    const std::vector<Entry>& entries() const { return entries_; }
    const Entry* find(std::string_view name) const;

    /// The names directly inside `folder` ("" for the top; "train" or "train/"): files and
    /// sub-folders (without a trailing '/'), each sorted. Folders are also those only implied by
    /// the files' paths.
    struct Listing {
        std::vector<std::string> files;
        std::vector<std::string> folders;
    };
    Listing list(std::string_view folder) const;
    bool hasFolder(std::string_view folder) const;

    /// The entry's bytes, inflated and checked against its CRC-32. Throws tl::Error whose
    /// message is the reason alone ("damaged: ...", "encrypted", "compressed with method 14 ...").
    std::string read(const Entry& entry) const;

private:
    std::string readAt(std::uint64_t offset, std::size_t count) const;

    std::filesystem::path file_;
    int descriptor_ = -1;
    std::uint64_t size_ = 0;
    std::vector<Entry> entries_;
    std::vector<std::string> folders_;  ///< every folder, explicit or implied, sorted, no trailing '/'
};

/// Where a path that runs through a zip archive points: the archive file and the name inside it.
struct ArchivedPath {
    std::filesystem::path archive;
    std::string inner;  ///< '/'-separated, no leading '/'; empty for the archive's top
};

/// True when `path` ends in ".zip", in any case.
bool hasZipExtension(const std::filesystem::path& path);

/// For `path` = `<a regular file ending in .zip>/<inner>` (or the archive itself), the split;
/// nothing for any other path. Only the file system is consulted, not the archive.
std::optional<ArchivedPath> findArchivedPath(const std::filesystem::path& path);

}  // namespace tl
