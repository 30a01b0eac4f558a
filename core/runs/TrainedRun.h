#pragma once
#include <filesystem>

#include "core/data/Dataset.h"
#include "core/models/Model.h"
#include "core/runs/CheckpointChoice.h"
#include "core/runs/RunFolder.h"
#include "core/training/Experiment.h"

namespace tl {

/// A finished (or stopped) run loaded back: its experiment, its split and its model with the
/// checkpoint's weights. What evaluation and prediction start from.
struct TrainedRun {
    RunFolder folder;
    Experiment experiment;
    SplitSet split;
    Model model;
    std::filesystem::path checkpoint;  ///< the file the weights came from

    /// Throws tl::Error when the folder is not a run or its checkpoint is missing or does not match.
    static TrainedRun load(const std::filesystem::path& folder, CheckpointChoice choice = CheckpointChoice::Best);
};

}  // namespace tl
