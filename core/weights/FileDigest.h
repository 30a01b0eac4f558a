#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace tl {

/// The digests publishers give for weights files: torchvision names its files after the first
/// hex digits of the SHA-256; Keras passes an MD5 to get_file.
enum class HashAlgorithm { Sha256, Md5 };

std::string_view toString(HashAlgorithm algorithm);  ///< "sha256", "md5"

/// The digest a file must have. `hex` is lowercase: the full digest, or leading digits of it
/// (torchvision's 8). Empty: the publisher gives none, and any file passes.
struct ExpectedDigest {
    HashAlgorithm algorithm = HashAlgorithm::Sha256;
    std::string hex;

    bool published() const { return !hex.empty(); }
    /// True when the full digest `actual` (same algorithm) starts with `hex`.
    bool matches(std::string_view actual) const { return actual.starts_with(hex); }
    /// "sha256 397923af..." or "md5 64373286...", for messages.
    std::string describe() const;
};

/// The file's digest with `algorithm`, full length, lowercase hex. Reads the whole file.
/// Throws tl::Error naming the file if it cannot be read.
std::string fileDigest(const std::filesystem::path& file, HashAlgorithm algorithm);

}  // namespace tl
