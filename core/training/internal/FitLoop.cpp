#include "core/training/internal/FitLoop.h"

#include <cmath>
#include <string>

#include "core/util/Clock.h"
#include "core/util/Error.h"

namespace tl::internal {
PassTotals evaluatePass(const FitModel& model, BatchProvider& provider,
                        const std::function<void(const torch::Tensor&, const TensorBatch&)>& onBatch,
                        const std::function<bool()>& keepGoing) {
    torch::NoGradGuard noGrad;
    model.setTraining(false);
    provider.startEpoch(1);
    double lossSum = 0;
    std::int64_t correct = 0, count = 0;
    while (auto batch = provider.next()) {
        const auto logits = model.forward(batch->inputs);
        const auto [loss, right] = lossAndCorrect(logits, batch->targets);
        const auto n = batch->targets.size(0);
        lossSum += loss.item<double>() * static_cast<double>(n);
        correct += right;
        count += n;
        if (onBatch) onBatch(probabilities(logits), *batch);
        if (keepGoing && !keepGoing()) break;
    }
    if (count == 0) return {};
    return {lossSum / static_cast<double>(count), static_cast<double>(correct) / static_cast<double>(count), count};
}

StepResult trainStep(const FitModel& model, torch::optim::Optimizer& optimizer, const TensorBatch& batch) {
    optimizer.zero_grad();
    auto [loss, right] = lossAndCorrect(model.forward(batch.inputs), batch.targets);
    loss.backward();
    optimizer.step();
    return {loss.item<double>(), right};
}

FitResult fit(const FitModel& model, torch::optim::Optimizer& optimizer, BatchProvider& train,
              BatchProvider* validation, int epochs, const TrainingCallbacks& callbacks, TrainingControl& control,
              const std::function<bool(const FitResult&)>& afterEpoch, const FitResult& earlier) {
    FitResult result;
    result.epochs = earlier.epochs;
    result.batches = earlier.batches;
    const Stopwatch runClock;
    const double pausedBefore = control.pausedSeconds();
    const double secondsBefore = earlier.batches.empty() ? 0 : earlier.batches.back().elapsedSeconds;
    const int batchesPerEpoch = train.batchesPerEpoch();
    int globalBatch = static_cast<int>(earlier.batches.size());
    const int firstEpoch = static_cast<int>(earlier.epochs.size()) + 1;
    for (int epoch = firstEpoch; epoch <= epochs && !result.stopped && !result.endedEarly; ++epoch) {
        const Stopwatch epochClock;
        model.setTraining(true);
        train.startEpoch(epoch);
        double lossSum = 0;
        std::int64_t correct = 0, count = 0;
        int batchIndex = 0;
        while (true) {
            if (!control.checkpoint()) {
                result.stopped = true;
                break;
            }
            auto batch = train.next();
            if (!batch) break;
            const auto [batchLoss, right] = trainStep(model, optimizer, *batch);
            if (!std::isfinite(batchLoss)) {
                // Training on would only spread NaN through every weight: stop, keep the finished epochs.
                throw Error(std::string("the loss became ") + (std::isnan(batchLoss) ? "NaN" : "infinite") +
                            " at epoch " + std::to_string(epoch) + ", batch " + std::to_string(batchIndex + 1) +
                            ": the training diverged; lower the learning rate (10 times smaller is a good step)");
            }
            const auto n = batch->targets.size(0);
            lossSum += batchLoss * static_cast<double>(n);
            correct += right;
            count += n;
            BatchMetrics metrics;
            metrics.epoch = epoch;
            metrics.batch = ++batchIndex;
            metrics.batchesPerEpoch = batchesPerEpoch;
            metrics.globalBatch = ++globalBatch;
            metrics.totalBatches = batchesPerEpoch * epochs;
            metrics.loss = batchLoss;
            metrics.accuracy = static_cast<double>(right) / static_cast<double>(n);
            metrics.elapsedSeconds = secondsBefore + runClock.seconds() - (control.pausedSeconds() - pausedBefore);
            result.batches.push_back(metrics);
            if (callbacks.onBatchEnd) callbacks.onBatchEnd(metrics);
        }
        if (result.stopped || count == 0) break;
        EpochMetrics metrics;
        metrics.epoch = epoch;
        metrics.trainLoss = lossSum / static_cast<double>(count);
        metrics.trainAccuracy = static_cast<double>(correct) / static_cast<double>(count);
        if (validation != nullptr && validation->batchesPerEpoch() > 0) {
            auto& histogram = metrics.validationHistogram;
            const auto addToHistogram = [&histogram](const torch::Tensor& probabilities, const TensorBatch& batch) {
                const auto rows = probabilities.to(torch::kFloat64).contiguous();
                const auto classes = classIndices(batch.targets);
                const auto columns = static_cast<std::size_t>(rows.size(1));
                if (histogram.counts.empty()) {
                    histogram.counts.assign(columns,
                                            std::vector<std::size_t>(static_cast<std::size_t>(histogram.bins), 0));
                }
                const auto* values = rows.data_ptr<double>();
                const auto* actual = classes.data_ptr<float>();
                for (std::int64_t i = 0; i < rows.size(0); ++i) {
                    const std::vector<double> row(values + i * rows.size(1), values + (i + 1) * rows.size(1));
                    histogram.add(static_cast<int>(actual[i]), row);
                }
            };
            const auto totals =
                evaluatePass(model, *validation, addToHistogram, [&] { return !control.stopRequested(); });
            if (control.stopRequested()) {
                result.stopped = true;
                break;  // a half-done validation pass is not a measurement
            }
            metrics.validationLoss = totals.loss;
            metrics.validationAccuracy = totals.accuracy;
        }
        metrics.seconds = epochClock.seconds();
        result.epochs.push_back(metrics);
        if (callbacks.onEpochEnd) callbacks.onEpochEnd(metrics);
        if (afterEpoch && !afterEpoch(result)) result.endedEarly = true;
    }
    model.setTraining(false);
    return result;
}

}  // namespace tl::internal
