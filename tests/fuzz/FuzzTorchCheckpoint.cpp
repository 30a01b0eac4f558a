// A PyTorch weights file (zip container or legacy format) read whole: every tensor's record
// resolved against its storage. Damaged files are a tl::Error, never a crash.
#include <cstdint>

#include "core/util/Error.h"
#include "core/weights/internal/TorchCheckpoint.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = tl::fuzz::asFile(data, size, ".pth");
    try {
        tl::internal::readTorchCheckpoint(file);
    } catch (const tl::Error&) {
    }
    return 0;
}
