#include "core/weights/FileDigest.h"

#include "core/weights/Md5.h"
#include "core/weights/Sha256.h"

namespace tl {

std::string_view toString(HashAlgorithm algorithm) {
    return algorithm == HashAlgorithm::Md5 ? "md5" : "sha256";
}

std::string ExpectedDigest::describe() const {
    return std::string(toString(algorithm)) + " " +
           (algorithm == HashAlgorithm::Sha256 && hex.size() < 64 ? hex + "..." : hex);
}

std::string fileDigest(const std::filesystem::path& file, HashAlgorithm algorithm) {
    return algorithm == HashAlgorithm::Md5 ? Md5::ofFile(file) : Sha256::ofFile(file);
}

}  // namespace tl
