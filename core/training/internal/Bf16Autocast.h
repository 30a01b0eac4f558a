#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <torch/torch.h>

namespace tl::internal {

/// While alive and `enabled`, LibTorch's CPU autocast runs convolutions and matrix products in
/// bfloat16 (parameters stay fp32; gradients flow back to them in fp32). The autocast state is
/// thread-local: the guard affects only the thread that made it. Restores the previous state,
/// and drops autocast's cast cache when the outermost guard ends (as torch.autocast does).
class Bf16Autocast {
public:
    explicit Bf16Autocast(bool enabled);
    ~Bf16Autocast();
    Bf16Autocast(const Bf16Autocast&) = delete;
    Bf16Autocast& operator=(const Bf16Autocast&) = delete;

private:
    bool enabled_;
    bool wasEnabled_ = false;
    at::ScalarType previousType_ = at::kBFloat16;
};

}  // namespace tl::internal
