#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/evaluation/ClassificationReport.h"
#include "core/evaluation/ImageOutcome.h"
#include "core/runs/CheckpointChoice.h"
#include "core/training/TrainingCallbacks.h"
#include "core/training/TrainingControl.h"

namespace tl {

/// A trained model measured on one split.
struct Evaluation {
    SplitName split = SplitName::Test;
    std::vector<std::string> classes;
    std::size_t images = 0;
    double loss = 0;
    double accuracy = 0;
    ConfusionMatrix confusion;
    /// Every image evaluated, in split order (files that failed to decode left out).
    std::vector<ImageOutcome> outcomes;
    /// The checkpoint the model came from (the run's best or last; see RunFolder).
    std::filesystem::path checkpoint;
    std::size_t skippedFiles = 0;
    bool stopped = false;
};

/// Evaluates the run in `runFolder` (its checkpoint, preprocessing and split) on `split`, in
/// batches of the run's batch size; onProgress reports images done. `threads` 0 = every core.
Evaluation evaluateRun(const std::filesystem::path& runFolder, SplitName split, const TrainingCallbacks& callbacks = {},
                       TrainingControl* control = nullptr, int threads = 0,
                       CheckpointChoice checkpoint = CheckpointChoice::Best);

}  // namespace tl
