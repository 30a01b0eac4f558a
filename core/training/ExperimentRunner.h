#pragma once
#include <filesystem>
#include <vector>

#include "core/runs/RunSummary.h"
#include "core/training/DistributedSpec.h"
#include "core/training/Experiment.h"
#include "core/training/TrainingCallbacks.h"
#include "core/training/TrainingControl.h"
#include "core/util/Error.h"

namespace tl {

/// $XDG_CACHE_HOME/transferlab/features (by default ~/.cache/transferlab/features): base outputs
/// computed once and reused by every later run on the same files, weights and settings. Safe to
/// delete at any time.
std::filesystem::path defaultFeatureCacheFolder();

struct RunRequest {
    std::filesystem::path runsRoot = "runs";  ///< the run folder is made inside it
    TrainingCallbacks callbacks;
    TrainingControl* control = nullptr;  ///< optional: pause, resume, stop from another thread
    /// Where "fe" keeps base outputs for later runs (see defaultFeatureCacheFolder()); empty: no cache.
    std::filesystem::path featureCache = defaultFeatureCacheFolder();
    /// A data-parallel run (worldSize > 1): this process is one rank of it, and every rank calls
    /// runExperiment() with the same experiment (docs/design.md, "data-parallel training").
    /// training.batchSize is the global batch, shared out between the ranks; rank 0 alone writes
    /// the run folder, every rank returns its result. Not for resumeRun().
    DistributedSpec distributed;
};

/// What runExperiment() throws when a run fails after its folder was made: the folder keeps every
/// finished epoch and its summary.json says "failed" with the message.
class RunFailed : public Error {
public:
    RunFailed(const std::string& message, std::filesystem::path folder) : Error(message), folder_(std::move(folder)) {}
    const std::filesystem::path& folder() const { return folder_; }

private:
    std::filesystem::path folder_;
};

struct RunResult {
    std::filesystem::path folder;
    RunSummary summary;
    std::vector<EpochMetrics> epochs;
};

/// Runs an experiment end to end on the calling thread and writes its run folder (see
/// RunFolder): the split, the model built and frozen for the regime, training with per-batch
/// and per-epoch callbacks, a checkpoint and metrics after every epoch. A stop request ends the
/// run within one batch with status "stopped", keeping every completed epoch and the batches
/// trained. Bad input throws tl::Error before any folder is made; a failure during training
/// writes status "failed" with the message into summary.json, then throws RunFailed.
RunResult runExperiment(const Experiment& experiment, const RunRequest& request);

/// Goes on with a stopped, failed or interrupted run in its own folder, from its last finished
/// epoch: its experiment.json and split.json, model.pt and the optimiser's and random generator's
/// state (training-state.pt), so the curves are the ones an uninterrupted run with the same seed
/// gives (on the same machine and thread count). A partial epoch is trained again. request.runsRoot
/// is not used. Throws tl::Error, before anything is written, for a completed or still-running
/// run, or one made before runs kept their training state.
RunResult resumeRun(const std::filesystem::path& runFolder, const RunRequest& request);

/// The "fe" regime's first half on its own: runs the frozen base over the train, validation and
/// test splits and writes <split>_features.npy (N, C, h, w), <split>_labels.npy and classes.txt
/// into `folder`, reading and filling `featureCache` (empty: none) as runExperiment() does.
/// Returns false if stopped.
bool extractFeaturesToFolder(const Experiment& experiment, const std::filesystem::path& folder,
                             const TrainingCallbacks& callbacks, TrainingControl* control = nullptr,
                             const std::filesystem::path& featureCache = defaultFeatureCacheFolder());

}  // namespace tl
