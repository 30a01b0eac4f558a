#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/Error.h"

namespace tl::internal {

/// The part MD5 and SHA-256 share: bytes cut into 64-byte blocks, and the final padding (0x80,
/// zeros, the message length in bits as 8 bytes). Each block goes to `compress(const unsigned
/// char* block)`.
class HashBlocks {
public:
    template <typename Compress>
    void update(std::string_view bytes, Compress&& compress) {
        totalBytes_ += bytes.size();
        const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
        std::size_t left = bytes.size();
        if (fill_ > 0) {
            const auto count = std::min(left, block_.size() - fill_);
            std::memcpy(block_.data() + fill_, p, count);
            fill_ += count;
            p += count;
            left -= count;
            if (fill_ < block_.size()) return;
            compress(block_.data());
            fill_ = 0;
        }
        for (; left >= 64; p += 64, left -= 64) compress(p);
        std::memcpy(block_.data(), p, left);
        fill_ = left;
    }

    /// Pads and compresses the last block(s). The length is big-endian for SHA-256 and
    /// little-endian for MD5.
    template <typename Compress>
    void finish(bool bigEndianLength, Compress&& compress) {
        const std::uint64_t bits = totalBytes_ * 8;
        const unsigned char pad = 0x80;
        update(std::string_view(reinterpret_cast<const char*>(&pad), 1), compress);
        const std::array<char, 64> zeros{};
        update(std::string_view(zeros.data(), (fill_ <= 56 ? 56 : 120) - fill_), compress);
        std::array<char, 8> length{};
        for (int i = 0; i < 8; ++i) length[i] = static_cast<char>(bits >> (bigEndianLength ? 56 - 8 * i : 8 * i));
        update(std::string_view(length.data(), length.size()), compress);
    }

private:
    std::array<unsigned char, 64> block_{};
    std::size_t fill_ = 0;
    std::uint64_t totalBytes_ = 0;
};

/// `Hash::finishHex()` of a whole file, read in 1 MiB chunks. Throws tl::Error naming the file if
/// it cannot be read.
template <typename Hash>
std::string hashFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error("cannot read " + file.string());
    Hash hash;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        hash.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) throw Error("cannot read " + file.string());
    return hash.finishHex();
}

}  // namespace tl::internal
