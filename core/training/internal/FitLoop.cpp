#include "core/training/internal/FitLoop.h"

#include <cmath>
#include <string>

#include "core/training/internal/DataParallel.h"
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
        const auto n = rowsOf(*batch);
        if (n > 0) {
            const auto logits = model.forward(batch->inputs);
            const auto [loss, right] = lossAndCorrect(logits, batch->targets);
            lossSum += loss.item<double>() * static_cast<double>(n);
            correct += right;
            count += n;
            if (onBatch) onBatch(probabilities(logits), *batch);
        }
        // Ranks stop together, after the pass, or they would wait on each other.
        if (!model.parallel && keepGoing && !keepGoing()) break;
    }
    if (model.parallel) {
        const auto totals = model.parallel->sum({lossSum, static_cast<double>(correct), static_cast<double>(count)});
        lossSum = totals[0];
        correct = static_cast<std::int64_t>(totals[1]);
        count = static_cast<std::int64_t>(totals[2]);
    }
    if (count == 0) return {};
    return {lossSum / static_cast<double>(count), static_cast<double>(correct) / static_cast<double>(count), count};
}

StepResult trainStep(const FitModel& model, torch::optim::Optimizer& optimizer, const TensorBatch& batch) {
    optimizer.zero_grad();
    const auto rows = rowsOf(batch);
    StepResult local{0, 0, rows};
    if (rows > 0) {
        auto [loss, right] = lossAndCorrect(model.forward(batch.inputs), batch.targets);
        loss.backward();
        local.loss = loss.item<double>();
        local.correct = right;
    }
    if (!model.parallel) {
        if (rows > 0) optimizer.step();
        return local;
    }
    const auto global = model.parallel->averageGradients(rows, local.loss, local.correct);
    if (global.rows == 0) return {};
    optimizer.step();
    model.parallel->syncBuffers();
    return {global.lossSum / static_cast<double>(global.rows), global.correct, global.rows};
}

namespace {

/// In a data-parallel run: every rank's validation histogram added up, on every rank.
void sumHistogram(DataParallel& parallel, ProbabilityHistogram& histogram) {
    const auto shape =
        parallel.sum({histogram.counts.empty() ? 0.0 : 1.0, static_cast<double>(histogram.counts.size())});
    if (shape[0] == 0) return;
    const auto columns = static_cast<std::size_t>(shape[1] / shape[0]);
    const auto bins = static_cast<std::size_t>(histogram.bins);
    if (histogram.counts.empty()) histogram.counts.assign(columns, std::vector<std::size_t>(bins, 0));
    std::vector<double> flat;
    for (const auto& row : histogram.counts) flat.insert(flat.end(), row.begin(), row.end());
    const auto summed = parallel.sum(flat);
    for (std::size_t c = 0; c < columns; ++c) {
        for (std::size_t b = 0; b < bins; ++b) histogram.counts[c][b] = static_cast<std::size_t>(summed[c * bins + b]);
    }
}

/// Whether to go on: the control's answer, agreed by every rank in a data-parallel run.
bool everyRankGoesOn(const FitModel& model, bool local) {
    return !onAnyRank(model.parallel, !local);
}

}  // namespace

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
            if (!everyRankGoesOn(model, control.checkpoint())) {
                result.stopped = true;
                break;
            }
            auto batch = train.next();
            if (!batch) break;
            const auto [batchLoss, right, n] = trainStep(model, optimizer, *batch);
            if (n == 0) continue;  // every file of the batch failed to decode
            if (!std::isfinite(batchLoss)) {
                // Training on would only spread NaN through every weight: stop, keep the finished epochs.
                throw Error(std::string("the loss became ") + (std::isnan(batchLoss) ? "NaN" : "infinite") +
                            " at epoch " + std::to_string(epoch) + ", batch " + std::to_string(batchIndex + 1) +
                            ": the training diverged; lower the learning rate (10 times smaller is a good step)");
            }
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
            if (model.parallel) sumHistogram(*model.parallel, histogram);
            if (!everyRankGoesOn(model, !control.stopRequested())) {
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
