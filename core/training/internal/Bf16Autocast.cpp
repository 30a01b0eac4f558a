#include "core/training/internal/Bf16Autocast.h"

#include <ATen/autocast_mode.h>

namespace tl::internal {

Bf16Autocast::Bf16Autocast(bool enabled) : enabled_(enabled) {
    if (!enabled_) return;
    wasEnabled_ = at::autocast::is_cpu_enabled();
    previousType_ = at::autocast::get_autocast_cpu_dtype();
    at::autocast::set_cpu_enabled(true);
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::increment_nesting();
}

Bf16Autocast::~Bf16Autocast() {
    if (!enabled_) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_cpu_enabled(wasEnabled_);
    at::autocast::set_autocast_cpu_dtype(previousType_);
}

}  // namespace tl::internal
