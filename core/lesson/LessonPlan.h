#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/training/Experiment.h"

namespace tl {

/// Where and how the offline lesson runs (docs/design.md §6).
struct LessonOptions {
    std::filesystem::path folder;   ///< data/ (the generated target set) and runs/ go here
    std::filesystem::path weights;  ///< the pretrained mini_vgg; empty: lessonWeightsFile()
    /// A shorter lesson (a third of the epochs; two thirds for from scratch with augmentation, which
    /// starts slowly) that keeps the order of the results.
    bool quick = false;
    std::uint64_t seed = 42;     ///< training seed of every step: initial weights, order, augmentation
    std::uint64_t dataSeed = 1;  ///< the target images
    int threads = 0;             ///< 0 = every core
};

/// One of the lecture's five experiments, adapted to the generated target task.
struct LessonStep {
    Experiment experiment;
    std::string title;                ///< "Feature extraction + augmentation"
    double lectureAccuracy = 0;       ///< the lecture's validation accuracy for it, 0..1
    bool startsFromPrevious = false;  ///< fine-tuning starts from the previous step's run
};

/// The lecture's validation accuracy for a regime (0..1): 0.70 from scratch, 0.82 from scratch
/// with augmentation, 0.90 feature extraction, 0.96 with augmentation, 0.97 fine-tuning.
double lectureAccuracyOf(Regime regime, bool augmented);

/// $XDG_DATA_HOME/transferlab/lesson (by default ~/.local/share/transferlab/lesson).
std::filesystem::path defaultLessonFolder();

/// The shipped pretrained backbone: <resources>/lesson/mini_vgg-shapes60.pth.
std::filesystem::path lessonWeightsFile();

/// folder/data: where the target set is written.
std::filesystem::path lessonDataFolder(const LessonOptions& options);

/// Writes the target set into lessonDataFolder() unless a complete one is there.
void ensureLessonData(const LessonOptions& options);

/// The five steps in the lecture's order: scratch, scratch + augmentation, feature extraction,
/// feature extraction + augmentation, fine-tuning (from step 4; its initFromRun is left for the
/// runner to fill).
std::vector<LessonStep> lessonSteps(const LessonOptions& options);

}  // namespace tl
