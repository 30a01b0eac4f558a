#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/data/DatasetSplitter.h"
#include "core/training/RunPreparation.h"
#include "core/training/TrainingCallbacks.h"
#include "core/training/TrainingControl.h"
#include "core/training/internal/ComputePath.h"
#include "core/training/internal/DataParallel.h"
#include "core/training/internal/FeatureCache.h"
#include "core/training/internal/FeatureExtraction.h"

namespace tl::internal {

/// What extracting one split's features needs. With a cache, a split whose features were computed
/// before (same weights, files, size, preprocessing, precision) is read back instead. In a
/// data-parallel run each rank extracts its part of the split and every rank gets the whole.
struct SplitExtraction {
    PreparedRun& prepared;
    ComputePath& path;
    const TrainingCallbacks& callbacks;
    TrainingControl& control;
    std::function<void(const std::string&)> onSkip;
    const FeatureCache& cache;
    DataParallel* parallel = nullptr;

    /// The base's output for `split`, or with `cut` the output of its first `cut` stages.
    std::optional<ExtractedFeatures> run(SplitName split, std::size_t cut = SIZE_MAX) const;
};

}  // namespace tl::internal
