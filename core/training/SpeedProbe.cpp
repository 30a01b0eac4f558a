#include "core/training/SpeedProbe.h"

#include <torch/torch.h>

#include <sys/resource.h>

#include "core/training/ExperimentFile.h"
#include "core/training/RunPreparation.h"
#include "core/training/internal/AugmentationPool.h"
#include "core/training/internal/ComputePath.h"
#include "core/training/internal/FitLoop.h"
#include "core/training/internal/ImageBatchSource.h"
#include "core/training/internal/OptimizerFactory.h"
#include "core/training/internal/PooledBatchSource.h"
#include "core/util/Clock.h"
#include "core/util/Error.h"

namespace tl {
namespace {

using internal::ImageBatchSource;

/// One warm-up step that is not counted (oneDNN picks its kernels on the first batch of a shape),
/// then every remaining batch of epoch 1 of `source`, timed.
void timeSteps(const internal::FitModel& model, torch::optim::Optimizer& optimizer, internal::BatchProvider& source,
               SpeedSample& sample) {
    model.setTraining(true);
    source.startEpoch(1);
    if (auto first = source.next()) internal::trainStep(model, optimizer, *first);
    const Stopwatch clock;
    while (auto batch = source.next()) {
        internal::trainStep(model, optimizer, *batch);
        sample.images += static_cast<std::size_t>(batch->targets.size(0));
    }
    sample.seconds = clock.seconds();
}

}  // namespace

SpeedSample measureExtraction(const Experiment& requested) {
    auto experiment = requested;
    experiment.training.regime = Regime::FeatureExtraction;
    validateExperiment(experiment, "benchmark");
    applyThreadCount(experiment.training.threads);
    auto prepared = prepareRun(experiment);
    internal::ComputePath path(prepared.model.network(), experiment.training.precision);
    path.setTraining(false);
    torch::NoGradGuard noGrad;
    const auto& samples = prepared.split.train;
    {  // warm-up: oneDNN picks its kernels on the first batch of a shape
        ImageBatchSource warmUp({samples.begin(), samples.begin() + std::min<std::size_t>(samples.size(), 4)},
                                ImageBatchSource::optionsFor(prepared.experiment, false));
        warmUp.startEpoch(1);
        while (auto batch = warmUp.next()) path.features(batch->inputs);
    }
    ImageBatchSource images(samples, ImageBatchSource::optionsFor(prepared.experiment, false));
    SpeedSample sample;
    sample.precision = toString(path.precision());
    const Stopwatch clock;
    images.startEpoch(1);
    while (auto batch = images.next()) {
        path.features(batch->inputs);
        sample.images += static_cast<std::size_t>(batch->targets.size(0));
    }
    sample.seconds = clock.seconds();
    return sample;
}

SpeedSample measureTrainingSteps(const Experiment& requested, int batches) {
    const auto regime = requested.training.regime;
    if (regime == Regime::FeatureExtraction || regime == Regime::FineTune) {
        throw Error("a training-speed benchmark takes regime scratch (with a freeze plan) or fe-aug");
    }
    if (batches < 1) throw Error("a training-speed benchmark needs at least one batch");
    auto experiment = requested;
    experiment.training.stepsPerEpoch = batches + 1;
    validateExperiment(experiment, "benchmark");
    applyThreadCount(experiment.training.threads);
    auto prepared = prepareRun(experiment);
    internal::ComputePath path(prepared.model.network(), experiment.training.precision);
    auto optimizer = internal::makeOptimizer(experiment.training.optimizer, prepared.model.network().parameters());
    ImageBatchSource train(prepared.split.train, ImageBatchSource::optionsFor(prepared.experiment, true));
    SpeedSample sample;
    sample.precision = toString(path.precision());
    timeSteps(path.wholeNetwork(), *optimizer, train, sample);
    return sample;
}

PoolSpeed measurePoolTraining(const Experiment& requested, int variants, int batches) {
    if (variants < 1 || batches < 1) throw Error("a pool benchmark needs at least one variant and one batch");
    auto experiment = requested;
    experiment.training.stepsPerEpoch = batches + 1;
    experiment.training.augment = true;
    validateExperiment(experiment, "benchmark");
    applyThreadCount(experiment.training.threads);
    auto prepared = prepareRun(experiment);
    internal::ComputePath path(prepared.model.network(), experiment.training.precision);
    const auto cut = path.frozenPrefixLength();
    if (cut == 0) throw Error("a pool benchmark needs a frozen part before what trains");
    internal::PoolRequest request;
    request.cut = cut;
    request.variants = variants;
    PoolSpeed speed;
    speed.build.precision = speed.steps.precision = toString(path.precision());
    const Stopwatch buildClock;
    const auto pool = internal::buildAugmentationPool(path, prepared.split.train,
                                                      ImageBatchSource::optionsFor(prepared.experiment, true), request);
    if (!pool) throw Error("the augmentation pool does not fit its memory budget here");
    speed.build.seconds = buildClock.seconds();
    speed.build.images = static_cast<std::size_t>(pool->activations.size(0));

    auto optimizer = internal::makeOptimizer(experiment.training.optimizer, prepared.model.network().parameters());
    internal::PooledBatchSource train(pool->activations, pool->targets, pool->variants, experiment.training.batchSize,
                                      experiment.training.stepsPerEpoch, experiment.training.seed);
    timeSteps(path.fromStageModel(cut), *optimizer, train, speed.steps);
    return speed;
}

std::size_t peakResidentBytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::size_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

}  // namespace tl
