// The restricted unpickler on arbitrary bytes: any refusal is a tl::Error, never a crash, a hang
// or a runaway allocation (recursion bombs, huge declared sizes, memo storms).
#include <cstdint>
#include <string>

#include "core/util/Error.h"
#include "core/weights/internal/RestrictedUnpickler.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        tl::internal::RestrictedUnpickler unpickler(bytes, "fuzz.pkl");
        unpickler.load();
    } catch (const tl::Error&) {
    }
    return 0;
}
