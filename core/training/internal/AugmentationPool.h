#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/training/TrainingCallbacks.h"
#include "core/training/TrainingControl.h"
#include "core/training/internal/ComputePath.h"
#include "core/training/internal/ImageBatchSource.h"

namespace tl::internal {

/// K augmented variants of every training image, run once through the frozen prefix of the base
/// (docs/performance.md, "augmentation pool"). Rows are variant-major, as PooledBatchSource reads
/// them; activations are kept in bf16 when the path computes in bf16 (what the next layer would
/// receive anyway), fp32 otherwise.
struct AugmentationPool {
    torch::Tensor activations;  ///< (K * M, ...) for the M images that decoded
    torch::Tensor targets;      ///< (M, ...) as makeTargets() builds them
    int variants = 0;
};

/// What building the pool needs and reports.
struct PoolRequest {
    std::size_t cut = 0;  ///< base stages in the frozen prefix (ComputePath::frozenPrefixLength())
    int variants = 10;    ///< K
    std::size_t memoryBudgetBytes = std::size_t{3} << 30;
    const TrainingCallbacks* callbacks = nullptr;
    TrainingControl* control = nullptr;
    std::function<void(const std::string&)> onSkip;
};

/// Builds the pool, variant k from augmentation epoch k + 1 of an unshuffled ImageBatchSource over
/// `samples` (`options` must augment). Before the bulk of the work it logs how large the pool will
/// be and how long it will take; when it would not fit in the memory budget it logs why and returns
/// nothing (the caller falls back to exact augmentation), as it does on a stop request (then
/// control->stopRequested() is true).
std::optional<AugmentationPool> buildAugmentationPool(ComputePath& path, const std::vector<Sample>& samples,
                                                      ImageBatchSource::Options options, const PoolRequest& request);

}  // namespace tl::internal
