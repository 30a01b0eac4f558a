// An image file (any of the formats a scan picks up): the cheap check and a decode to a small
// size. Bad files are a tl::Error with their reason, never a crash or a decompression bomb.
#include <cstdint>

#include "core/data/ImageDecoder.h"
#include "core/util/Error.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = tl::fuzz::asFile(data, size, ".img");
    tl::ImageDecoder::findProblem(file);
    try {
        tl::ImageDecoder({24, 24}).decode(file);
    } catch (const tl::Error&) {
    }
    return 0;
}
