#pragma once
#include <cstdint>
#include <filesystem>

#include "core/training/Experiment.h"
#include "core/training/ExperimentRunner.h"

namespace tl {

/// How the lesson's backbone is pretrained on the generated source task (docs/design.md §6).
/// The defaults are the ones the shipped weights were made with.
struct LessonPretrainingOptions {
    std::filesystem::path workFolder;  ///< the source images and the pretraining run go here
    std::filesystem::path output;      ///< the weights file written (a PyTorch state dict)
    int imagesPerClass = 160;          ///< of each of the 60 source classes, 20 of them for validation
    int epochs = 40;
    std::uint64_t seed = 1;  ///< images, initial weights, shuffling
    /// Fixed, with fp32 precision, so that the same machine regenerates the same bytes.
    int threads = 2;
};

/// The pretraining experiment: mini_vgg from random weights, a 256-unit classifier over the 60
/// source classes, Adam, fp32, on workFolder/source.
Experiment lessonPretrainingExperiment(const LessonPretrainingOptions& options);

/// Writes the source set (once: an existing complete set is reused), trains
/// lessonPretrainingExperiment() into workFolder/runs and writes the trained base and its
/// classifier to `output` with writeStateDict(). Throws tl::Error (RunFailed after the run
/// folder exists); a stopped run writes no weights and returns its result.
RunResult pretrainLessonBackbone(const LessonPretrainingOptions& options, const RunRequest& request);

}  // namespace tl
