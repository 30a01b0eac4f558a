// A zip archive holding a data set: its directory read and every entry inflated and CRC-checked.
// Damage is a tl::Error, never a crash or an entry that inflates past its declared size.
#include <cstdint>

#include "core/data/ZipArchive.h"
#include "core/util/Error.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = tl::fuzz::asFile(data, size, ".zip");
    try {
        const tl::ZipArchive archive(file);
        archive.list("");
        for (const auto& entry : archive.entries()) {
            try {
                archive.read(entry);
            } catch (const tl::Error&) {
            }
        }
    } catch (const tl::Error&) {
    }
    return 0;
}
