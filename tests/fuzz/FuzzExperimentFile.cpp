// An experiment file's text: parsed and validated, or refused with a tl::Error naming the field.
#include <cstdint>
#include <string>

#include "core/training/ExperimentFile.h"
#include "core/util/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto experiment = tl::parseExperiment(text, "fuzz.json");
        tl::parseExperiment(tl::experimentToJson(experiment), "fuzz-again.json");
    } catch (const tl::Error&) {
    }
    return 0;
}
