#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
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
    /// confusion[actual][predicted], counts of images.
    std::vector<std::vector<std::size_t>> confusion;
    /// Per image, in split order: the probability of class 1 (two classes) or of the predicted
    /// class (more), and the actual class. What a histogram of predicted probabilities shows.
    std::vector<double> scores;
    std::vector<int> actual;
    std::size_t skippedFiles = 0;
    bool stopped = false;
};

/// Evaluates the run in `runFolder` (its checkpoint, preprocessing and split) on `split`, in
/// batches of the run's batch size; onProgress reports images done. `threads` 0 = every core.
Evaluation evaluateRun(const std::filesystem::path& runFolder, SplitName split, const TrainingCallbacks& callbacks = {},
                       TrainingControl* control = nullptr, int threads = 0);

}  // namespace tl
