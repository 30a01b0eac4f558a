#pragma once
#include <filesystem>

#include "core/training/ExperimentRunner.h"

namespace tl {

/// Trains `experiment` on `processes` processes of this machine (docs/design.md, "data-parallel
/// training"): the calling one is rank 0, with `request`'s callbacks, control and result exactly as
/// runExperiment() gives them, and the others run `rankProgram` (transferlab-cli) as `train FILE`
/// with the rank environment. The cores are shared out: each process gets its share of the
/// experiment's threads. A rank that ends badly fails the run, named in its error. Throws tl::Error,
/// before anything is written, when the experiment is invalid or `rankProgram` is missing.
RunResult runOnLocalRanks(const Experiment& experiment, const RunRequest& request, int processes,
                          const std::filesystem::path& rankProgram);

}  // namespace tl
