#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/weights/internal/HashBlocks.h"

namespace tl {

/// MD5 (RFC 1321), fed in pieces. Not for security: Keras publishes its applications' weights
/// files with MD5 digests (keras.utils.get_file's file_hash), so it identifies those files.
class Md5 {
public:
    Md5();
    void update(std::string_view bytes);
    /// The digest as 32 lowercase hex digits. Call once; the object is spent afterwards.
    std::string finishHex();

    /// Digest of a whole file, read in chunks. Throws tl::Error naming the file if it cannot be read.
    static std::string ofFile(const std::filesystem::path& file);

private:
    std::array<std::uint32_t, 4> state_;
    internal::HashBlocks blocks_;

    void compress(const unsigned char* block);
};

}  // namespace tl
