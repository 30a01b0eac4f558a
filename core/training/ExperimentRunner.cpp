#include "core/training/ExperimentRunner.h"

#include <torch/torch.h>

#include "core/data/DatasetSplitter.h"
#include "core/models/internal/Network.h"
#include "core/runs/RunFolder.h"
#include "core/training/ExperimentFile.h"
#include "core/training/NpyFile.h"
#include "core/training/RunPreparation.h"
#include "core/training/internal/AugmentationPool.h"
#include "core/training/internal/ComputePath.h"
#include "core/training/internal/DataParallel.h"
#include "core/training/internal/FeatureCache.h"
#include "core/training/internal/FeatureExtraction.h"
#include "core/training/internal/FitLoop.h"
#include "core/training/internal/ImageBatchSource.h"
#include "core/training/internal/OptimizerFactory.h"
#include "core/training/internal/PooledBatchSource.h"
#include "core/training/internal/SplitExtraction.h"
#include "core/training/internal/TensorBatchSource.h"
#include "core/training/internal/TrainingState.h"
#include "core/util/AtomicFile.h"
#include "core/util/Clock.h"
#include "core/util/Error.h"
#include "core/util/UserMessage.h"

namespace tl {
namespace {

using internal::ImageBatchSource;

void writeFeatureFiles(const std::filesystem::path& folder, SplitName split, const internal::ExtractedFeatures& set) {
    if (!set.features.defined()) return;
    const auto name = std::string(toString(split));
    const auto features = set.features.contiguous();
    writeNpy(folder / (name + "_features.npy"), features.sizes().vec(), features.data_ptr<float>());
    const auto labels = internal::classIndices(set.targets);
    writeNpy(folder / (name + "_labels.npy"), {labels.size(0)}, labels.data_ptr<float>(), true);
}

/// Evaluation batches over cached outputs; nothing for an empty split.
std::optional<internal::TensorBatchSource> evaluationBatches(const internal::ExtractedFeatures& set,
                                                             const Experiment& e) {
    if (!set.features.defined()) return std::nullopt;
    return std::make_optional<internal::TensorBatchSource>(set.features, set.targets, e.training.batchSize, false,
                                                           e.training.seed);
}

void writeClassList(const std::filesystem::path& folder, const std::vector<std::string>& classes) {
    std::string text;
    for (const auto& name : classes) text += name + "\n";
    writeFileAtomically(folder / "classes.txt", text);
}

/// `model` for this run: with the data-parallel link of a distributed one.
internal::FitModel parallelised(internal::FitModel model, internal::DataParallel* parallel) {
    model.parallel = parallel;
    return model;
}

/// Makes `provider` deliver this rank's part of each batch in a data-parallel run.
template <typename Provider>
Provider& sharded(Provider& provider, internal::DataParallel* parallel) {
    if (parallel != nullptr) provider.setShard(parallel->shard());
    return provider;
}

/// The pool of every rank's images on every rank: each built its part (images [a_r, b_r), all K
/// variants), gathered in rank order so the rows are variant-major over the whole split again.
void gatherPool(internal::AugmentationPool& pool, internal::DataParallel& parallel) {
    auto columns = pool.activations;
    if (columns.defined()) {
        auto shape = columns.sizes().vec();
        shape[0] = pool.variants;
        shape.insert(shape.begin() + 1, pool.targets.size(0));
        columns = columns.view(shape);
    }
    const auto gathered = parallel.gatherColumns(columns);
    if (!gathered.defined()) return;  // no image decoded on any rank
    auto rows = gathered.sizes().vec();
    rows[1] *= rows[0];
    rows.erase(rows.begin());
    pool.activations = gathered.reshape(rows);
    pool.targets = parallel.gatherRows(pool.targets);
}

/// fe-aug and fine-tune with an augmentation pool (training.augmentation_pool = K > 0): the frozen
/// prefix runs once over K augmented variants of each training image and once over the validation
/// images (through the feature cache), then only the rest of the network trains. Nothing when the
/// run does not qualify (no pool asked for, no augmentation, nothing frozen) or the pool does not
/// fit its memory budget (the caller then augments exactly); a result marked stopped on a stop
/// request. In a data-parallel run each rank builds the pool of its part of the images and every
/// rank trains on the whole pool's shard of each batch.
std::optional<internal::FitResult> trainFromPool(PreparedRun& prepared, internal::ComputePath& path,
                                                 torch::optim::Optimizer& optimizer, const TrainingCallbacks& callbacks,
                                                 TrainingControl& control,
                                                 const std::function<void(const std::string&)>& onSkip,
                                                 const std::filesystem::path& featureCache,
                                                 const std::function<bool(const internal::FitResult&)>& afterEpoch,
                                                 const internal::FitResult& earlier, internal::DataParallel* parallel) {
    const auto& e = prepared.experiment;
    auto options = ImageBatchSource::optionsFor(e, true);
    const auto cut = path.frozenPrefixLength();
    if (parallel != nullptr) options.firstSlot = parallel->shard().of(0, prepared.split.train.size()).first;
    if (e.training.augmentationPool <= 0 || !canUseAugmentationPool(e.training.regime) || !options.augmentation ||
        options.augmentation->isIdentity() || cut == 0) {
        return std::nullopt;
    }
    const auto stopped = [&] {
        internal::FitResult result = earlier;
        result.stopped = true;
        return result;
    };
    std::vector<std::string> poolSkips;
    internal::PoolRequest poolRequest;
    poolRequest.cut = cut;
    poolRequest.variants = e.training.augmentationPool;
    poolRequest.callbacks = &callbacks;
    poolRequest.control = &control;
    poolRequest.onSkip = [&](const std::string& message) {
        poolSkips.push_back(message);
        if (onSkip) onSkip(message);
    };
    // Every rank ends up holding the whole pool: each part must fit its share of the budget.
    if (parallel != nullptr) poolRequest.memoryBudgetBytes /= static_cast<std::size_t>(parallel->size());
    auto pool =
        internal::buildAugmentationPool(path, internal::shareOf(prepared.split.train, parallel), options, poolRequest);
    // Stop, fall back to exact augmentation, or go on: all ranks together.
    if (internal::onAnyRank(parallel, control.stopRequested())) return stopped();
    if (internal::onAnyRank(parallel, !pool)) return std::nullopt;
    if (parallel != nullptr) {
        gatherPool(*pool, *parallel);
        internal::gatherMessages(parallel, poolSkips, onSkip);
        if (callbacks.onLog && pool->targets.defined()) {
            callbacks.onLog("augmentation pool gathered from " + std::to_string(parallel->size()) + " ranks: " +
                            std::to_string(pool->targets.size(0)) + " images x " + std::to_string(pool->variants) +
                            " variants, each rank built the variants of its share of the images");
        }
    }
    const internal::FeatureCache cache(featureCache);
    const internal::SplitExtraction extraction{prepared, path, callbacks, control, onSkip, cache, parallel};
    const auto validation = extraction.run(SplitName::Validation, cut);
    if (!validation) return stopped();
    internal::PooledBatchSource train(pool->activations, pool->targets, pool->variants, e.training.batchSize,
                                      e.training.stepsPerEpoch, e.training.seed);
    auto validationBatches = evaluationBatches(*validation, e);
    if (validationBatches) sharded(*validationBatches, parallel);
    return internal::fit(parallelised(path.fromStageModel(cut), parallel), optimizer, sharded(train, parallel),
                         validationBatches ? &*validationBatches : nullptr, e.training.epochs, callbacks, control,
                         afterEpoch, earlier);
}

/// Where training starts: a new run (nothing earlier), or a resumed one with its epochs so far.
struct RunStart {
    PreparedRun prepared;
    RunFolder run;
    RunSummary summary;
    internal::FitResult earlier;
    bool resumed = false;
    /// Set on every rank of a data-parallel run; only rank 0 writes the run folder.
    internal::DataParallel* parallel = nullptr;
};

/// Trains from `start` to the end in its run folder (new or resumed): the lock, summary.json, a
/// checkpoint, the training state and the metrics after every epoch; failures end as RunFailed.
RunResult trainRun(RunStart& start, const RunRequest& request) {
    TrainingControl localControl;
    auto& control = request.control ? *request.control : localControl;
    const auto& log = request.callbacks.onLog;
    const Stopwatch clock;
    auto& prepared = start.prepared;
    const auto& e = prepared.experiment;
    const auto& run = start.run;
    auto* parallel = start.parallel;
    const bool writes = parallel == nullptr || parallel->isLeader();
    if (writes) run.writeLock();
    // However this function ends, except when the process dies: then the lock tells that story.
    struct LockRelease {
        const RunFolder& run;
        bool held;
        ~LockRelease() {
            if (held) run.removeLock();
        }
    } lockRelease{run, writes};
    if (!start.resumed && writes) {
        saveExperiment(e, run.experimentFile());
        saveSplitFile(prepared.split, e.data.root, run.splitFile());
    }

    RunSummary& summary = start.summary;
    const double secondsBefore = summary.seconds;
    const auto modelSummary = prepared.model.summary();
    summary.status = RunStatus::Running;
    summary.error.clear();
    summary.name = e.name;
    summary.regime = std::string(toString(e.training.regime));
    summary.backbone = e.model.backbone;
    summary.preprocessing = std::string(toString(e.preprocessing));
    summary.classes = prepared.split.classes;
    summary.trainImages = prepared.split.train.size();
    summary.validationImages = prepared.split.validation.size();
    summary.testImages = prepared.split.test.size();
    summary.skippedFiles = prepared.skipped.size();
    summary.totalParameters = modelSummary.totalParameters;
    summary.trainableParameters = modelSummary.trainableParameters;
    summary.epochsPlanned = e.training.epochs;
    const auto onSkip = [&](const std::string& message) {
        ++summary.skippedFiles;
        if (log) log(message);
    };
    if (writes) run.writeSummary(summary);
    if (log) {
        log(start.resumed
                ? "resuming " + run.path().string() + " after epoch " + std::to_string(start.earlier.epochs.size())
                : "run folder: " + run.path().string());
    }

    auto& network = prepared.model.network();
    internal::ComputePath path(network, e.training.precision);
    if (log) log("precision: " + std::string(toString(path.precision())));
    internal::FitResult fitted;
    // Counted as they end, so a run that fails mid-epoch still records the batches it trained.
    int batchesEnded = 0;
    TrainingCallbacks callbacks = request.callbacks;
    callbacks.onBatchEnd = [&](const BatchMetrics& batch) {
        ++batchesEnded;
        if (request.callbacks.onBatchEnd) request.callbacks.onBatchEnd(batch);
    };
    // Marks the run failed with what it trained so far and throws RunFailed naming its folder.
    const auto failRun = [&](const std::exception& error) {
        summary.status = RunStatus::Failed;
        summary.error = userMessage(error);
        summary.batchesTrained = batchesEnded;
        summary.seconds = secondsBefore + clock.seconds();
        try {
            if (writes) run.writeSummary(summary);
        } catch (const std::exception&) {
            // A full disk may refuse the summary too; the error below still names the folder.
        }
        throw RunFailed("run failed: " + summary.error + " (run folder " + run.path().string() + ")", run.path());
    };
    const bool validated = !prepared.split.validation.empty();
    const int patience = e.training.earlyStopPatience;
    if (patience > 0 && !validated && log) {
        log("early stop needs validation images to watch; this run trains every epoch");
    }
    // A resumed run counts its patience from its best epoch so far.
    int epochsSinceBest =
        start.earlier.epochs.empty() ? 0 : static_cast<int>(start.earlier.epochs.size()) - summary.best.epoch;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    // Checkpoints after every epoch: model.pt always, model-best.pt when validation accuracy improved.
    // Returns false to stop early.
    auto afterEpoch = [&](const internal::FitResult& progress) {
        if (writes) {
            prepared.model.save(run.checkpointFile());
            internal::saveTrainingState(run.trainingStateFile(), *optimizer);
            run.writeMetrics(progress.epochs);
            run.writeBatches(progress.batches);
        }
        summary.epochsCompleted = static_cast<int>(progress.epochs.size());
        summary.batchesTrained = static_cast<int>(progress.batches.size());
        summary.last = progress.epochs.back();
        if (progress.epochs.size() == 1 || summary.last.validationAccuracy > summary.best.validationAccuracy) {
            summary.best = summary.last;
            epochsSinceBest = 0;
            if (validated && writes) prepared.model.save(run.bestCheckpointFile());
        } else {
            ++epochsSinceBest;
        }
        summary.endedEarly =
            validated && patience > 0 && epochsSinceBest >= patience && summary.epochsCompleted < e.training.epochs;
        summary.seconds = secondsBefore + clock.seconds();
        if (writes) run.writeSummary(summary);
        if (summary.endedEarly && log) {
            log("early stop: validation accuracy has not improved for " + std::to_string(patience) +
                " epochs; the best was epoch " + std::to_string(summary.best.epoch) + " (kept in " +
                run.bestCheckpointFile().filename().string() + ")");
        }
        return !summary.endedEarly;
    };
    try {
        optimizer = internal::makeOptimizer(e.training.optimizer, network.parameters());
        if (!start.earlier.epochs.empty()) internal::loadTrainingState(run.trainingStateFile(), *optimizer);
        if (e.training.regime == Regime::FeatureExtraction) {
            const internal::FeatureCache cache(request.featureCache);
            const internal::SplitExtraction extraction{prepared, path, callbacks, control, onSkip, cache, parallel};
            auto train = extraction.run(SplitName::Train);
            auto validation = train ? extraction.run(SplitName::Validation) : std::nullopt;
            if (train && validation) {
                if (writes) {
                    std::filesystem::create_directories(run.featuresFolder());
                    writeFeatureFiles(run.featuresFolder(), SplitName::Train, *train);
                    writeFeatureFiles(run.featuresFolder(), SplitName::Validation, *validation);
                }
                internal::TensorBatchSource trainBatches(train->features, train->targets, e.training.batchSize, true,
                                                         e.training.seed);
                auto validationBatches = evaluationBatches(*validation, e);
                if (validationBatches) sharded(*validationBatches, parallel);
                fitted =
                    internal::fit(parallelised(path.headOnly(), parallel), *optimizer, sharded(trainBatches, parallel),
                                  validationBatches ? &*validationBatches : nullptr, e.training.epochs, callbacks,
                                  control, afterEpoch, start.earlier);
            } else {
                fitted.stopped = true;
            }
        } else if (auto pooled = trainFromPool(prepared, path, *optimizer, callbacks, control, onSkip,
                                               request.featureCache, afterEpoch, start.earlier, parallel)) {
            fitted = std::move(*pooled);
        } else if (internal::onAnyRank(parallel, control.stopRequested())) {
            fitted.stopped = true;
        } else {
            ImageBatchSource train(prepared.split.train, ImageBatchSource::optionsFor(e, true), onSkip);
            ImageBatchSource validation(prepared.split.validation, ImageBatchSource::optionsFor(e, false), onSkip);
            fitted = internal::fit(parallelised(path.wholeNetwork(), parallel), *optimizer, sharded(train, parallel),
                                   &sharded(validation, parallel), e.training.epochs, callbacks, control, afterEpoch,
                                   start.earlier);
        }
    } catch (const std::exception& error) {
        failRun(error);
    }

    // A stop between epochs keeps the partial epoch's batches too.
    try {
        if (writes) {
            run.writeBatches(fitted.batches);
            run.writeMetrics(fitted.epochs);
            if (fitted.epochs.empty()) prepared.model.save(run.checkpointFile());
        }
    } catch (const std::exception& error) {  // a full disk: the summary must not say "running"
        failRun(error);
    }
    if (parallel != nullptr && parallel->stepsAveraged() > 0 && log) log(parallel->trafficReport());
    summary.status = fitted.stopped ? RunStatus::Stopped : RunStatus::Completed;
    summary.batchesTrained = static_cast<int>(fitted.batches.size());
    summary.epochsCompleted = static_cast<int>(fitted.epochs.size());
    summary.seconds = secondsBefore + clock.seconds();
    if (writes) run.writeSummary(summary);
    return {run.path(), summary, fitted.epochs};
}

}  // namespace

std::filesystem::path defaultFeatureCacheFolder() {
    return internal::FeatureCache::defaultFolder();
}

bool extractFeaturesToFolder(const Experiment& requested, const std::filesystem::path& folder,
                             const TrainingCallbacks& callbacks, TrainingControl* control,
                             const std::filesystem::path& featureCache) {
    TrainingControl localControl;
    auto experiment = requested;
    experiment.training.regime = Regime::FeatureExtraction;
    validateExperiment(experiment, "experiment");
    applyThreadCount(experiment.training.threads);
    auto prepared = prepareRun(experiment, callbacks.onLog);
    internal::ComputePath path(prepared.model.network(), experiment.training.precision);
    const internal::FeatureCache cache(featureCache);
    const internal::SplitExtraction extraction{prepared,        path, callbacks, control ? *control : localControl,
                                               callbacks.onLog, cache};
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
    auto prepared = prepareRun(requested, request.callbacks.onLog);
    const auto& e = prepared.experiment;
    RunSummary summary;
    summary.startedAt = formatUtcNow("%Y-%m-%dT%H:%M:%SZ");
    if (!request.distributed.isDistributed()) {
        auto run = RunFolder::create(request.runsRoot, e.name);  // before `prepared` (and `e`) moves
        RunStart start{std::move(prepared), std::move(run), std::move(summary), {}, false};
        return trainRun(start, request);
    }
    // The ranks meet before any folder exists: a rank that never comes leaves nothing behind.
    internal::RankGroup group(request.distributed);
    std::vector<torch::Tensor> trainable;
    for (const auto& parameter : prepared.model.network().parameters()) {
        if (parameter.requires_grad()) trainable.push_back(parameter);
    }
    internal::DataParallel parallel(group, trainable, prepared.model.network().buffers());
    parallel.broadcastState();
    // Dropout draws its own masks on each rank (rank 0 keeps the seed's stream, as on one process).
    if (!parallel.isLeader()) {
        torch::manual_seed(e.training.seed + 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(parallel.rank()));
    }
    std::optional<RunFolder> leaderFolder;
    if (parallel.isLeader()) leaderFolder = RunFolder::create(request.runsRoot, e.name);
    const auto folder = parallel.gatherStrings(leaderFolder ? leaderFolder->path().string() : std::string())[0];
    RunStart start{std::move(prepared), RunFolder::madeElsewhere(folder), std::move(summary), {}, false, &parallel};
    return trainRun(start, request);
}

RunResult resumeRun(const std::filesystem::path& folder, const RunRequest& request) {
    if (request.distributed.isDistributed()) {
        throw Error("a run resumes on one process (its batch size is the global batch, so the curves go on the same)");
    }
    const auto run = RunFolder::open(folder);
    auto summary = run.readSummary();
    if (run.isInterrupted(summary)) summary.status = RunStatus::Stopped;  // its process is gone
    const auto name = run.path().filename().string();
    if (summary.status == RunStatus::Running) {
        throw Error(name + " is still running (its lock file names a live process); stop it first");
    }
    if (summary.status == RunStatus::Completed || summary.endedEarly) {
        throw Error(name + " is complete (" + std::to_string(summary.epochsCompleted) + " of " +
                    std::to_string(summary.epochsPlanned) +
                    " epochs); to train longer, start a new run from it (fine-tuning's --from)");
    }
    if (summary.epochsCompleted > 0 && !std::filesystem::exists(run.trainingStateFile())) {
        throw Error(name + " has no " + run.trainingStateFile().filename().string() +
                    " (the optimiser's state): it was made before runs kept it, and cannot go on exactly");
    }
    auto experiment = loadExperiment(run.experimentFile());
    experiment.data.splitFile = run.splitFile();  // the same files, whatever the folder holds now
    validateExperiment(experiment, run.experimentFile().string());
    applyThreadCount(experiment.training.threads);
    auto prepared = prepareRun(experiment, request.callbacks.onLog);

    RunStart start{std::move(prepared), run, summary, {}, true};
    if (summary.epochsCompleted > 0) {
        start.earlier.epochs = run.readMetrics();
        if (static_cast<int>(start.earlier.epochs.size()) < summary.epochsCompleted) {
            throw Error(run.metricsFile().string() + " holds fewer epochs than summary.json says were completed");
        }
        start.earlier.epochs.resize(static_cast<std::size_t>(summary.epochsCompleted));
        // A partial epoch is trained again from its start: its batches are dropped.
        for (const auto& batch : run.readBatches()) {
            if (batch.epoch <= summary.epochsCompleted) start.earlier.batches.push_back(batch);
        }
        start.prepared.model.load(run.checkpointFile());
    }
    return trainRun(start, request);
}

}  // namespace tl
