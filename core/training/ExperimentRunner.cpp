#include "core/training/ExperimentRunner.h"

#include <torch/torch.h>


#include "core/data/DatasetSplitter.h"
#include "core/models/internal/Network.h"
#include "core/runs/RunFolder.h"
#include "core/training/ExperimentFile.h"
#include "core/training/NpyFile.h"
#include "core/training/RunPreparation.h"
#include "core/training/internal/ComputePath.h"
#include "core/training/internal/FeatureExtraction.h"
#include "core/training/internal/FitLoop.h"
#include "core/training/internal/ImageBatchSource.h"
#include "core/training/internal/OptimizerFactory.h"
#include "core/training/internal/TensorBatchSource.h"
#include "core/util/AtomicFile.h"
#include "core/util/Clock.h"
#include "core/util/Error.h"

namespace tl {
namespace {

using internal::ImageBatchSource;

std::string messageOf(const std::exception& error) {
    if (const auto* torchError = dynamic_cast<const c10::Error*>(&error)) return torchError->what_without_backtrace();
    return error.what();
}

/// What extracting one split's features needs.
struct Extraction {
    PreparedRun& prepared;
    internal::ComputePath& path;
    const TrainingCallbacks& callbacks;
    TrainingControl& control;
    std::function<void(const std::string&)> onSkip;

    std::optional<internal::ExtractedFeatures> run(SplitName split) const {
        const auto& samples = prepared.split.part(split);
        ImageBatchSource images(samples, ImageBatchSource::optionsFor(prepared.experiment, false), onSkip);
        return internal::extractFeatures(path, images, samples.size(),
                                         "extracting " + std::string(toString(split)) + " features", callbacks,
                                         control);
    }
};

void writeFeatureFiles(const std::filesystem::path& folder, SplitName split, const internal::ExtractedFeatures& set) {
    if (!set.features.defined()) return;
    const auto name = std::string(toString(split));
    const auto features = set.features.contiguous();
    writeNpy(folder / (name + "_features.npy"), features.sizes().vec(), features.data_ptr<float>());
    // labels as class indices, whatever form the targets take
    auto labels = set.targets.dim() == 2 ? set.targets.squeeze(1) : set.targets.to(torch::kFloat32);
    labels = labels.to(torch::kFloat32).contiguous();
    writeNpy(folder / (name + "_labels.npy"), {labels.size(0)}, labels.data_ptr<float>(), true);
}

void writeClassList(const std::filesystem::path& folder, const std::vector<std::string>& classes) {
    std::string text;
    for (const auto& name : classes) text += name + "\n";
    writeFileAtomically(folder / "classes.txt", text);
}

}  // namespace

bool extractFeaturesToFolder(const Experiment& requested, const std::filesystem::path& folder,
                             const TrainingCallbacks& callbacks, TrainingControl* control) {
    TrainingControl localControl;
    auto experiment = requested;
    experiment.training.regime = Regime::FeatureExtraction;
    validateExperiment(experiment, "experiment");
    applyThreadCount(experiment.training.threads);
    auto prepared = prepareRun(experiment, callbacks.onLog);
    internal::ComputePath path(prepared.model.network(), experiment.training.precision);
    const Extraction extraction{prepared, path, callbacks, control ? *control : localControl, callbacks.onLog};
    for (auto split : kAllSplits) {
        auto set = extraction.run(split);
        if (!set) return false;
        writeFeatureFiles(folder, split, *set);
    }
    writeClassList(folder, prepared.split.classes);
    return true;
}

RunResult runExperiment(const Experiment& requested, const RunRequest& request) {
    validateExperiment(requested, "experiment");
    applyThreadCount(requested.training.threads);
    TrainingControl localControl;
    auto& control = request.control ? *request.control : localControl;
    const auto& log = request.callbacks.onLog;
    const Stopwatch clock;

    auto prepared = prepareRun(requested, log);
    const auto& e = prepared.experiment;
    const auto run = RunFolder::create(request.runsRoot, e.name);
    saveExperiment(e, run.experimentFile());
    saveSplitFile(prepared.split, e.data.root, run.splitFile());

    RunSummary summary;
    const auto modelSummary = prepared.model.summary();
    summary.name = e.name;
    summary.regime = std::string(toString(e.training.regime));
    summary.backbone = e.model.backbone;
    summary.classes = prepared.split.classes;
    summary.trainImages = prepared.split.train.size();
    summary.validationImages = prepared.split.validation.size();
    summary.testImages = prepared.split.test.size();
    summary.skippedFiles = prepared.skipped.size();
    summary.totalParameters = modelSummary.totalParameters;
    summary.trainableParameters = modelSummary.trainableParameters;
    summary.epochsPlanned = e.training.epochs;
    summary.startedAt = formatUtcNow("%Y-%m-%dT%H:%M:%SZ");
    const auto onSkip = [&](const std::string& message) {
        ++summary.skippedFiles;
        if (log) log(message);
    };
    run.writeSummary(summary);
    if (log) log("run folder: " + run.path().string());

    auto& network = prepared.model.network();
    internal::ComputePath path(network, e.training.precision);
    if (log) log(std::string("precision: ") + (path.usesBf16() ? "bf16" : "fp32"));
    internal::FitResult fitted;
    auto afterEpoch = [&](const internal::FitResult& progress) {
        prepared.model.save(run.checkpointFile());
        run.writeMetrics(progress.epochs);
        run.writeBatches(progress.batches);
        summary.epochsCompleted = static_cast<int>(progress.epochs.size());
        summary.batchesTrained = static_cast<int>(progress.batches.size());
        summary.last = progress.epochs.back();
        if (progress.epochs.size() == 1 || summary.last.validationAccuracy > summary.best.validationAccuracy) {
            summary.best = summary.last;
        }
        summary.seconds = clock.seconds();
        run.writeSummary(summary);
    };
    try {
        auto optimizer = internal::makeOptimizer(e.training.optimizer, network.parameters());
        if (e.training.regime == Regime::FeatureExtraction) {
            const Extraction extraction{prepared, path, request.callbacks, control, onSkip};
            auto train = extraction.run(SplitName::Train);
            auto validation = train ? extraction.run(SplitName::Validation) : std::nullopt;
            if (train && validation) {
                std::filesystem::create_directories(run.featuresFolder());
                writeFeatureFiles(run.featuresFolder(), SplitName::Train, *train);
                writeFeatureFiles(run.featuresFolder(), SplitName::Validation, *validation);
                internal::TensorBatchSource trainBatches(train->features, train->targets, e.training.batchSize, true,
                                                         e.training.seed);
                std::optional<internal::TensorBatchSource> validationBatches;
                if (validation->features.defined()) {
                    validationBatches.emplace(validation->features, validation->targets, e.training.batchSize, false,
                                              e.training.seed);
                }
                const auto head = path.headOnly();
                fitted = internal::fit(head, *optimizer, trainBatches, validationBatches ? &*validationBatches : nullptr,
                                       e.training.epochs, request.callbacks, control, afterEpoch);
            } else {
                fitted.stopped = true;
            }
        } else {
            ImageBatchSource train(prepared.split.train, ImageBatchSource::optionsFor(e, true), onSkip);
            ImageBatchSource validation(prepared.split.validation, ImageBatchSource::optionsFor(e, false), onSkip);
            const auto whole = path.wholeNetwork();
            fitted = internal::fit(whole, *optimizer, train, &validation, e.training.epochs, request.callbacks,
                                   control, afterEpoch);
        }
    } catch (const std::exception& error) {
        summary.status = "failed";
        summary.error = messageOf(error);
        summary.seconds = clock.seconds();
        run.writeSummary(summary);
        throw Error("run failed: " + summary.error + " (run folder " + run.path().string() + ")");
    }

    // A stop between epochs keeps the partial epoch's batches too.
    run.writeBatches(fitted.batches);
    run.writeMetrics(fitted.epochs);
    if (fitted.epochs.empty()) prepared.model.save(run.checkpointFile());
    summary.status = fitted.stopped ? "stopped" : "completed";
    summary.batchesTrained = static_cast<int>(fitted.batches.size());
    summary.epochsCompleted = static_cast<int>(fitted.epochs.size());
    summary.seconds = clock.seconds();
    run.writeSummary(summary);
    return {run.path(), summary, fitted.epochs};
}

}  // namespace tl
