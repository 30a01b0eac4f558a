#include "core/training/Evaluator.h"

#include <torch/torch.h>

#include "core/util/Clock.h"

#include "core/models/internal/Network.h"
#include "core/runs/TrainedRun.h"
#include "core/training/RunPreparation.h"
#include "core/training/internal/ComputePath.h"
#include "core/training/internal/FitLoop.h"
#include "core/training/internal/ImageBatchSource.h"

namespace tl {

Evaluation evaluateRun(const std::filesystem::path& runFolder, SplitName split, const TrainingCallbacks& callbacks,
                       TrainingControl* control, int threads) {
    applyThreadCount(threads);
    auto run = TrainedRun::load(runFolder);
    const auto& e = run.experiment;
    Evaluation evaluation;
    evaluation.split = split;
    evaluation.classes = run.split.classes;
    const auto classCount = evaluation.classes.size();
    evaluation.confusion.assign(classCount, std::vector<std::size_t>(classCount, 0));

    // TrainedRun::load sets the head's class count from the run's split.
    const auto& samples = run.split.part(split);
    internal::ImageBatchSource images(samples, internal::ImageBatchSource::optionsFor(e, false),
                                      [&](const std::string& message) {
                                          ++evaluation.skippedFiles;
                                          if (callbacks.onLog) callbacks.onLog(message);
                                      });

    internal::ComputePath path(run.model.network(), e.training.precision);
    const auto model = path.wholeNetwork();
    const Stopwatch clock;
    const std::string phase = "evaluating on " + std::string(toString(split));
    auto onBatch = [&](const torch::Tensor& probabilities, const torch::Tensor& targets) {
        const auto predicted = probabilities.argmax(1);
        const auto actual = targets.dim() == 2 ? targets.squeeze(1).to(torch::kInt64) : targets;
        for (std::int64_t i = 0; i < predicted.size(0); ++i) {
            const auto a = actual[i].item<std::int64_t>(), p = predicted[i].item<std::int64_t>();
            ++evaluation.confusion[static_cast<std::size_t>(a)][static_cast<std::size_t>(p)];
            evaluation.actual.push_back(static_cast<int>(a));
            evaluation.scores.push_back(classCount == 2 ? probabilities[i][1].item<double>()
                                                        : probabilities[i][p].item<double>());
        }
        if (callbacks.onProgress) {
            callbacks.onProgress(
                {phase, evaluation.actual.size() + evaluation.skippedFiles, samples.size(), clock.seconds()});
        }
    };
    const auto totals =
        internal::evaluatePass(model, images, onBatch, [&] { return control == nullptr || control->checkpoint(); });
    evaluation.images = static_cast<std::size_t>(totals.count);
    evaluation.loss = totals.loss;
    evaluation.accuracy = totals.accuracy;
    evaluation.stopped = control != nullptr && control->stopRequested();
    return evaluation;
}

}  // namespace tl
