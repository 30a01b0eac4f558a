#pragma once
#include <functional>
#include <string>

#include "core/training/TrainingMetrics.h"

namespace tl {

/// What a run reports, called on the training thread where a console program would print.
/// Any of them may be empty. They must return quickly and must not call back into the run
/// (hand the data to another thread instead).
struct TrainingCallbacks {
    std::function<void(const BatchMetrics&)> onBatchEnd;
    std::function<void(const EpochMetrics&)> onEpochEnd;
    std::function<void(const PhaseProgress&)> onProgress;
    /// Human-readable notes: skipped files with their reasons, phase changes, warnings.
    std::function<void(const std::string&)> onLog;
};

}  // namespace tl
