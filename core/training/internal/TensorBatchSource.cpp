#include "core/training/internal/TensorBatchSource.h"

#include "core/util/DeterministicRandom.h"
#include "core/util/Error.h"

namespace tl::internal {

TensorBatchSource::TensorBatchSource(torch::Tensor inputs, torch::Tensor targets, int batchSize, bool shuffle,
                                     std::uint64_t seed)
    : inputs_(std::move(inputs)), targets_(std::move(targets)), batchSize_(batchSize), shuffle_(shuffle), seed_(seed) {
    if (batchSize_ < 1) throw Error("batch size must be at least 1");
    if (inputs_.size(0) != targets_.size(0)) throw Error("features and labels differ in count");
}

int TensorBatchSource::batchesPerEpoch() const {
    return static_cast<int>((inputs_.size(0) + batchSize_ - 1) / batchSize_);
}

void TensorBatchSource::startEpoch(int epoch) {
    order_.resize(static_cast<std::size_t>(inputs_.size(0)));
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<std::int64_t>(i);
    if (shuffle_) {
        SplitMix64 engine(combineSeed(seed_, static_cast<std::uint64_t>(epoch) << 20));
        shuffleDeterministically(order_, engine);
    }
    nextSlot_ = 0;
}

std::optional<TensorBatch> TensorBatchSource::next() {
    if (nextSlot_ >= order_.size()) return std::nullopt;
    const auto last = std::min(order_.size(), nextSlot_ + static_cast<std::size_t>(batchSize_));
    const auto [begin, end] = shard_.of(nextSlot_, last);
    const auto index = torch::tensor(
        std::vector<std::int64_t>(order_.begin() + static_cast<long>(begin), order_.begin() + static_cast<long>(end)),
        torch::kInt64);
    nextSlot_ = last;
    return TensorBatch{inputs_.index_select(0, index), targets_.index_select(0, index)};
}

}  // namespace tl::internal
