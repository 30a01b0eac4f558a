#include "core/runs/WeightsLineage.h"

#include "core/runs/RunFolder.h"
#include "core/training/ExperimentFile.h"

namespace tl {

std::string originalWeights(const Experiment& experiment) {
    Experiment current = experiment;
    for (int depth = 0; depth < 16 && !current.training.initFromRun.empty(); ++depth) {
        try {
            current = loadExperiment(RunFolder::open(current.training.initFromRun).experimentFile());
        } catch (const std::exception&) {
            break;  // the source run was moved or deleted: what this run says is all there is
        }
    }
    return current.weights.empty() ? std::string("random") : current.weights;
}

}  // namespace tl
