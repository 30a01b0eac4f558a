#pragma once
#include <string_view>

namespace tl {

/// Number format of the forward (and, where it trains, backward) pass. Weights are always kept
/// in fp32; bf16 runs the convolutions and matrix products in bfloat16 through oneDNN's
/// autocast, which is 3-4x faster on CPUs with AVX512-BF16 or AMX and emulated (slower than
/// fp32) elsewhere. See docs/performance.md for what it costs in accuracy (measured: nothing
/// visible on the lecture's recipe).
enum class Precision {
    Auto,  ///< "auto": bf16 where the CPU computes it natively, fp32 elsewhere
    Fp32,  ///< "fp32": single precision everywhere
    Bf16,  ///< "bf16": bfloat16 autocast, whatever the CPU
};
std::string_view toString(Precision precision);  ///< "auto", "fp32", "bf16"
/// Accepts "auto", "fp32", "bf16"; throws tl::Error listing them otherwise.
Precision parsePrecision(std::string_view text);

/// True when this CPU (and the OS) run bfloat16 natively: AVX512-BF16 or AMX-BF16.
bool cpuHasFastBf16();

/// Fp32 or Bf16: what `requested` means on this machine (Auto decided by cpuHasFastBf16()).
Precision resolvePrecision(Precision requested);

}  // namespace tl
