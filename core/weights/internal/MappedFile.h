#pragma once
// Internal, torch-free: a whole file mapped read-only into memory.
#include <filesystem>
#include <string_view>

namespace tl::internal {

/// Maps `file` read-only (POSIX mmap), so that multi-hundred-megabyte weights files are read
/// without a second copy in memory. Throws tl::Error naming the file if it cannot be opened.
/// The bytes stay valid as long as the object lives; the file must not shrink meanwhile.
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& file);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view bytes() const { return {data_, size_}; }

private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace tl::internal
