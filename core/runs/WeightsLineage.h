#pragma once
#include <string>

#include "core/training/Experiment.h"

namespace tl {

/// The pretrained weights a run's base descends from: the experiment's own `weights`, or for a
/// run that starts from an earlier run (fine-tuning's training.init_from_run) that run's, and so
/// on back along the chain (at most 16 runs; a missing or unreadable run ends it). "random" when
/// no run in the chain started from a file.
std::string originalWeights(const Experiment& experiment);

}  // namespace tl
