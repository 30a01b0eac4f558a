#include "core/training/RunPreparation.h"

#include <torch/torch.h>

#include <thread>

#include "core/data/DatasetScanner.h"
#include "core/runs/RunFolder.h"
#include "core/training/ExperimentFile.h"
#include "core/util/Error.h"
#include "core/weights/Sha256.h"
#include "core/weights/WeightsFile.h"

namespace tl {
namespace {

void say(const std::function<void(const std::string&)>& log, const std::string& message) {
    if (log) log(message);
}

/// Fine-tune inherits what must not change between the two phases: architecture, input
/// preprocessing, classes and (unless overridden) the split.
void inheritFromSourceRun(Experiment& experiment, const std::function<void(const std::string&)>& log) {
    const auto source = RunFolder::open(experiment.training.initFromRun);
    const auto earlier = loadExperiment(source.experimentFile());
    if (earlier.model.backbone != experiment.model.backbone) {
        say(log, "fine-tune: using the backbone of " + source.path().string() + " (" + earlier.model.backbone + ")");
    }
    experiment.model = earlier.model;
    experiment.preprocessing = earlier.preprocessing;
    if (experiment.data.splitFile.empty()) experiment.data.splitFile = source.splitFile();
    if (experiment.data.root.empty()) experiment.data.root = earlier.data.root;
}

SplitSet loadOrMakeSplit(const Experiment& experiment, std::vector<SkippedFile>& skipped,
                         const std::function<void(const std::string&)>& log) {
    if (!experiment.data.splitFile.empty()) {
        say(log, "split: " + experiment.data.splitFile.string());
        return loadSplitFile(experiment.data.splitFile);
    }
    auto dataset = scanDataset(experiment.data.root, experiment.data.layout);
    for (const auto& file : dataset.skipped) say(log, "skipped " + file.path.string() + ": " + file.reason);
    skipped = dataset.skipped;
    return makeSplit(dataset, experiment.data.counts, experiment.data.splitSeed);
}

}  // namespace

int resolvedThreadCount(int threads) {
    return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void applyThreadCount(int threads) {
    torch::set_num_threads(resolvedThreadCount(threads));
}

PreparedRun prepareRun(const Experiment& requested, const std::function<void(const std::string&)>& log) {
    Experiment experiment = requested;
    const auto regime = experiment.training.regime;
    if (regime == Regime::FineTune) inheritFromSourceRun(experiment, log);
    // The run's experiment.json must rerun from anywhere: no path relative to where this ran.
    std::error_code error;
    if (!experiment.data.root.empty()) experiment.data.root = std::filesystem::absolute(experiment.data.root, error);
    if (!experiment.data.splitFile.empty()) {
        experiment.data.splitFile = std::filesystem::absolute(experiment.data.splitFile, error);
    }

    std::vector<SkippedFile> skipped;
    SplitSet split = loadOrMakeSplit(experiment, skipped, log);
    if (split.classes.size() < 2)
        throw Error("the dataset needs at least two classes, found " + std::to_string(split.classes.size()));
    if (split.train.empty()) throw Error("the training split is empty: set data.split.train above 0");
    experiment.model.head.numClasses = static_cast<int>(split.classes.size());

    torch::manual_seed(experiment.training.seed);
    Model model(experiment.model);
    std::string weightsIdentity = "random seed " + std::to_string(experiment.training.seed);
    if (regime == Regime::FineTune) {
        const auto checkpoint = RunFolder::open(experiment.training.initFromRun).checkpointFile();
        model.load(checkpoint);
        weightsIdentity = "checkpoint sha256 " + Sha256::ofFile(checkpoint);
    } else if (const auto report = applyWeightsSetting(model, experiment.weights, experiment.weightsStrict)) {
        weightsIdentity = "sha256 " + report->sha256;
        // What the file did not fill was initialised from the seed: part of what the model is.
        if (!report->missing.empty() || !report->mismatched.empty()) {
            weightsIdentity += " + random seed " + std::to_string(experiment.training.seed);
        }
        say(log, "weights: " + describe(*report));
        if (experiment.preprocessing == Preprocessing::Auto) {
            experiment.preprocessing = report->suggested;
            say(log, "preprocessing: " + std::string(toString(report->suggested)) +
                         ", what these weights were trained with");
        } else if (report->suggested != experiment.preprocessing) {
            say(log, "note: these weights were trained with " + std::string(toString(report->suggested)) +
                         " preprocessing; this run uses " + std::string(toString(experiment.preprocessing)));
        }
    }

    if (experiment.preprocessing == Preprocessing::Auto) {
        // Random weights (or a checkpoint from a file that recorded none): the lecture's x/255.
        experiment.preprocessing = Preprocessing::Unit;
        say(log, "preprocessing: unit (x/255), as for a network trained from scratch");
    }

    auto plan = experiment.freeze;
    if (freezesBase(regime) && plan.base != FreezePlan::Base::Frozen) {
        say(log, std::string(toString(regime)) + ": the convolutional base is frozen (feature extraction)");
        plan.base = FreezePlan::Base::Frozen;
    }
    model.applyFreeze(plan);
    experiment.freeze = plan;
    return {std::move(experiment), std::move(split), std::move(skipped), std::move(model), std::move(weightsIdentity)};
}

}  // namespace tl
