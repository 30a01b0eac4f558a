#include "core/runs/TrainedRun.h"

#include "core/data/DatasetSplitter.h"
#include "core/training/ExperimentFile.h"
#include "core/util/Error.h"

namespace tl {

TrainedRun TrainedRun::load(const std::filesystem::path& path, CheckpointChoice choice) {
    auto folder = RunFolder::open(path);
    auto experiment = loadExperiment(folder.experimentFile());
    auto split = loadSplitFile(folder.splitFile());
    auto checkpoint = folder.checkpointFile(choice);
    if (!std::filesystem::exists(checkpoint)) {
        throw Error(path.string() + ": the run has no model.pt (it stopped before its first epoch ended)");
    }
    experiment.model.head.numClasses = static_cast<int>(split.classes.size());
    Model model(experiment.model);
    model.load(checkpoint);
    return {std::move(folder), std::move(experiment), std::move(split), std::move(model), std::move(checkpoint)};
}

}  // namespace tl
