// A split file (dataset split --out): read, or refused with a tl::Error naming the field.
#include <cstdint>

#include "core/data/DatasetSplitter.h"
#include "core/util/Error.h"
#include "tests/fuzz/FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = tl::fuzz::asFile(data, size, ".split.json");
    try {
        tl::loadSplitFile(file);
    } catch (const tl::Error&) {
    }
    return 0;
}
