#include "core/training/Precision.h"

#include <string>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "core/util/Error.h"

namespace tl {
namespace {

#if defined(__x86_64__) || defined(__i386__)
/// The OS saves the AVX-512 state (XCR0 bits 5-7, with SSE and AVX bits 1-2) on context switch.
bool osSavesAvx512State() {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0 || (ecx & (1u << 27)) == 0) return false;  // OSXSAVE
    unsigned low = 0, high = 0;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    constexpr unsigned kAvx512State = 0xE6;
    return (low & kAvx512State) == kAvx512State;
}

bool detectFastBf16() {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
    const bool amxBf16 = (edx & (1u << 22)) != 0;
    const unsigned maxSubleaf = eax;
    bool avx512Bf16 = false;
    if (maxSubleaf >= 1 && __get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx) != 0) avx512Bf16 = (eax & (1u << 5)) != 0;
    return (amxBf16 || avx512Bf16) && osSavesAvx512State();
}
#else
bool detectFastBf16() {
    return false;
}
#endif

}  // namespace

std::string_view toString(Precision precision) {
    switch (precision) {
        case Precision::Auto:
            return "auto";
        case Precision::Fp32:
            return "fp32";
        case Precision::Bf16:
            return "bf16";
    }
    return "auto";
}

Precision parsePrecision(std::string_view text) {
    for (auto precision : {Precision::Auto, Precision::Fp32, Precision::Bf16}) {
        if (text == toString(precision)) return precision;
    }
    throw Error("unknown precision '" + std::string(text) + "' (choose auto, fp32 or bf16)");
}

bool cpuHasFastBf16() {
    static const bool fast = detectFastBf16();
    return fast;
}

Precision resolvePrecision(Precision requested) {
    if (requested != Precision::Auto) return requested;
    return cpuHasFastBf16() ? Precision::Bf16 : Precision::Fp32;
}

}  // namespace tl
