#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/weights/internal/HashBlocks.h"

namespace tl {

/// SHA-256 (FIPS 180-4), fed in pieces. torchvision names its weights files after the first hex
/// digits of this digest ("resnet18-f37072fd.pth"), so it identifies a weights file.
class Sha256 {
public:
    Sha256();
    void update(std::string_view bytes);
    /// The digest as 64 lowercase hex digits. Call once; the object is spent afterwards.
    std::string finishHex();

    /// Digest of a whole file, read in chunks. Throws tl::Error naming the file if it cannot be read.
    static std::string ofFile(const std::filesystem::path& file);

private:
    std::array<std::uint32_t, 8> state_;
    internal::HashBlocks blocks_;

    void compress(const unsigned char* block);
};

}  // namespace tl
