#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/models/Model.h"
#include "core/training/Experiment.h"

namespace tl {

/// What a run needs before its first batch: the effective experiment (fine-tune takes the model
/// and preprocessing of the run it starts from), the split, the files left out, and the built
/// model with its weights loaded and its layers frozen as the regime requires.
struct PreparedRun {
    Experiment experiment;
    SplitSet split;
    std::vector<SkippedFile> skipped;
    Model model;
    /// What the weights are, for caches of what they compute: "sha256 <hex>" of the weights file,
    /// "checkpoint sha256 <hex>" of a fine-tune's source model, or "random seed <n>".
    std::string weightsIdentity;
};

/// Scans (or reads the split file / the source run's split), splits, builds the model, loads
/// weights (random, "imagenet" or a weights file, strictly and without the top, see
/// applyWeightsSetting(); a source run's checkpoint for fine-tune) and applies the freeze plan
/// ("fe" and "fe-aug" always freeze the whole base). `log` receives notes for the user.
/// Throws tl::Error naming what is wrong.
PreparedRun prepareRun(const Experiment& experiment, const std::function<void(const std::string&)>& log = {});

/// `threads`, or every core when 0 (an experiment's training.threads).
int resolvedThreadCount(int threads);
/// Sets the number of threads LibTorch uses: resolvedThreadCount(threads).
void applyThreadCount(int threads);

}  // namespace tl
