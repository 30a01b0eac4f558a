#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <torch/torch.h>

#include <optional>
#include <vector>

namespace tl::internal {

/// Inputs and targets of one batch. Targets: float (N, 1) of 0/1 for two classes, int64 (N) of
/// class indices for more (what lossAndCorrect() expects).
struct TensorBatch {
    torch::Tensor inputs;
    torch::Tensor targets;
    /// Which of the provider's samples each row is, where the provider knows (ImageBatchSource);
    /// otherwise empty.
    std::vector<std::size_t> samples;
};

/// One rank's part of every batch in data-parallel training: of a global batch of G rows (the
/// same seeded order on every rank), rank r takes rows [r * G / count, (r + 1) * G / count).
struct Shard {
    int rank = 0;
    int count = 1;

    bool isSplit() const { return count > 1; }
    /// This rank's part of slots [begin, end).
    std::pair<std::size_t, std::size_t> of(std::size_t begin, std::size_t end) const {
        const auto rows = end - begin;
        const auto r = static_cast<std::size_t>(rank), n = static_cast<std::size_t>(count);
        return {begin + rows * r / n, begin + rows * (r + 1) / n};
    }
};

/// Rows of a batch; 0 for the empty batch a split provider gives a rank whose part holds nothing.
inline std::int64_t rowsOf(const TensorBatch& batch) {
    return batch.targets.defined() ? batch.targets.size(0) : 0;
}

/// A source of training or evaluation batches, epoch by epoch. Used from one thread.
class BatchProvider {
public:
    virtual ~BatchProvider() = default;
    /// Makes the provider deliver only `shard`'s part of each batch. A split provider gives every
    /// rank the same number of batches: a batch whose part is empty (or whose files all failed
    /// to decode) comes out empty (rowsOf() == 0) instead of being left out.
    void setShard(Shard shard) { shard_ = shard; }
    const Shard& shard() const { return shard_; }
    /// Batches startEpoch() will deliver (a batch may come out smaller if files fail to decode).
    virtual int batchesPerEpoch() const = 0;
    /// Starts epoch `epoch` (1-based): reshuffles and redraws augmentation from the run's seed.
    virtual void startEpoch(int epoch) = 0;
    /// The next batch of the epoch, or nothing at its end.
    virtual std::optional<TensorBatch> next() = 0;

protected:
    Shard shard_;
};

/// Targets for `labels` in the form above.
torch::Tensor makeTargets(const std::vector<int>& labels, int numClasses);

/// The class index of each target (N), as float32, whatever form makeTargets() gave them.
torch::Tensor classIndices(const torch::Tensor& targets);

/// Mean loss of `logits` against `targets` (binary cross-entropy on logits for two classes,
/// categorical cross-entropy otherwise) and the number of right predictions (threshold 0.5).
std::pair<torch::Tensor, std::int64_t> lossAndCorrect(const torch::Tensor& logits, const torch::Tensor& targets);

/// Class probabilities (N, C) from logits: sigmoid for a single output, softmax otherwise.
torch::Tensor probabilities(const torch::Tensor& logits);

}  // namespace tl::internal
