#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <functional>
#include <vector>

#include "core/training/TrainingCallbacks.h"
#include "core/training/TrainingControl.h"
#include "core/training/internal/BatchProvider.h"

namespace tl::internal {

class DataParallel;

/// The model as the loop sees it: a forward pass to logits and a switch between train and
/// inference mode.
struct FitModel {
    std::function<torch::Tensor(const torch::Tensor&)> forward;
    std::function<void(bool training)> setTraining;
    /// Set in a data-parallel run: the batch providers deliver this rank's shard, gradients are
    /// averaged over the ranks after each backward pass, and every measurement (loss, accuracy, a
    /// stop) is over all ranks.
    DataParallel* parallel = nullptr;
};

struct FitResult {
    std::vector<EpochMetrics> epochs;   ///< completed epochs only
    std::vector<BatchMetrics> batches;  ///< every batch trained, the partial epoch included
    bool stopped = false;               ///< a stop request ended the run early
    bool endedEarly = false;            ///< afterEpoch asked to end (early stopping)
};

/// Loss and accuracy of a pass over `provider` (epoch 1, in inference mode, without gradients).
/// `onBatch` (optional) receives each batch's probabilities (N, C) and the batch itself.
struct PassTotals {
    double loss = 0;
    double accuracy = 0;
    std::int64_t count = 0;
};
PassTotals evaluatePass(const FitModel& model, BatchProvider& provider,
                        const std::function<void(const torch::Tensor&, const TensorBatch&)>& onBatch = {},
                        const std::function<bool()>& keepGoing = {});

/// One optimiser step on `batch`: forward, loss, backward, step. Returns the batch's mean loss, its
/// number of right predictions and its rows (in a data-parallel run: of the global batch). A batch
/// of no rows anywhere takes no step.
struct StepResult {
    double loss = 0;
    std::int64_t correct = 0;
    std::int64_t rows = 0;
};
StepResult trainStep(const FitModel& model, torch::optim::Optimizer& optimizer, const TensorBatch& batch);

/// Trains for `epochs` epochs: per batch forward, loss, backward, optimiser step, then
/// onBatchEnd; per epoch a validation pass, onEpochEnd, then `afterEpoch` (e.g. a checkpoint),
/// which returns false to end training after that epoch (early stopping).
/// control.checkpoint() runs before every batch: pause blocks there, stop ends the run with
/// what was measured so far.
/// A resumed run passes what it trained before as `earlier` (whole epochs, and their batches):
/// training goes on at the epoch after them, the result holds them first, and batch numbers and
/// elapsed times continue theirs. The batch sources key order and augmentation on the epoch, so
/// epoch N is the same epoch N.
FitResult fit(const FitModel& model, torch::optim::Optimizer& optimizer, BatchProvider& train,
              BatchProvider* validation, int epochs, const TrainingCallbacks& callbacks, TrainingControl& control,
              const std::function<bool(const FitResult&)>& afterEpoch = {}, const FitResult& earlier = {});

}  // namespace tl::internal
