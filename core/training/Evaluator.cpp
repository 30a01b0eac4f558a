#include "core/training/Evaluator.h"

#include <torch/torch.h>

#include <algorithm>

#include "core/util/Clock.h"

#include "core/models/internal/Network.h"
#include "core/runs/TrainedRun.h"
#include "core/training/RunPreparation.h"
#include "core/training/internal/ComputePath.h"
#include "core/training/internal/FitLoop.h"
#include "core/training/internal/ImageBatchSource.h"

namespace tl {

Evaluation evaluateRun(const std::filesystem::path& runFolder, SplitName split, const TrainingCallbacks& callbacks,
                       TrainingControl* control, int threads, CheckpointChoice checkpoint) {
    applyThreadCount(threads);
    auto run = TrainedRun::load(runFolder, checkpoint);
    const auto& e = run.experiment;
    Evaluation evaluation;
    evaluation.split = split;
    evaluation.classes = run.split.classes;
    evaluation.checkpoint = run.checkpoint;
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
    auto onBatch = [&](const torch::Tensor& probabilities, const internal::TensorBatch& batch) {
        const auto rows = probabilities.to(torch::kFloat64).contiguous();
        const auto* values = rows.data_ptr<double>();
        for (std::int64_t i = 0; i < rows.size(0); ++i) {
            ImageOutcome outcome;
            outcome.file = samples.at(batch.samples.at(static_cast<std::size_t>(i))).path;
            outcome.actual = samples[batch.samples[static_cast<std::size_t>(i)]].label;
            outcome.probabilities.assign(values + i * rows.size(1), values + (i + 1) * rows.size(1));
            outcome.predicted =
                static_cast<int>(std::max_element(outcome.probabilities.begin(), outcome.probabilities.end()) -
                                 outcome.probabilities.begin());
            ++evaluation
                  .confusion[static_cast<std::size_t>(outcome.actual)][static_cast<std::size_t>(outcome.predicted)];
            evaluation.outcomes.push_back(std::move(outcome));
        }
        if (callbacks.onProgress) {
            callbacks.onProgress(
                {phase, evaluation.outcomes.size() + evaluation.skippedFiles, samples.size(), clock.seconds()});
        }
    };
    const auto totals =
        internal::evaluatePass(model, images, onBatch, [&] { return control == nullptr || control->checkpoint(); });
    evaluation.images = static_cast<std::size_t>(totals.count);
    evaluation.loss = totals.loss;
    evaluation.accuracy = totals.accuracy;
    evaluation.stopped = control != nullptr && control->stopRequested();
    if (!evaluation.stopped && evaluation.images > 0) {
        // Kept beside the run so run listings show it (its test accuracy) without evaluating again.
        // A run folder that cannot be written to (another user's) still gets its evaluation.
        try {
            run.folder.writeEvaluation(std::string(toString(split)),
                                       {evaluation.accuracy, evaluation.loss, evaluation.images,
                                        evaluation.checkpoint.filename().string(), formatUtcNow("%Y-%m-%dT%H:%M:%SZ")});
        } catch (const std::exception&) {
        }
    }
    return evaluation;
}

}  // namespace tl
