#include "core/training/internal/PooledBatchSource.h"

#include "core/util/DeterministicRandom.h"
#include "core/util/Error.h"

namespace tl::internal {

PooledBatchSource::PooledBatchSource(torch::Tensor pool, torch::Tensor targets, int variants, int batchSize,
                                     int stepsPerEpoch, std::uint64_t seed)
    : pool_(std::move(pool)),
      targets_(std::move(targets)),
      images_(targets_.size(0)),
      variants_(variants),
      batchSize_(batchSize),
      stepsPerEpoch_(stepsPerEpoch),
      seed_(seed) {
    if (batchSize_ < 1) throw Error("batch size must be at least 1");
    if (variants_ < 1 || pool_.size(0) != images_ * variants_) throw Error("the augmentation pool is incomplete");
}

int PooledBatchSource::batchesPerEpoch() const {
    if (images_ == 0) return 0;
    if (stepsPerEpoch_ > 0) return stepsPerEpoch_;
    return static_cast<int>((images_ + batchSize_ - 1) / batchSize_);
}

void PooledBatchSource::startEpoch(int epoch) {
    const auto slots = static_cast<std::size_t>(images_ == 0         ? 0
                                                : stepsPerEpoch_ > 0 ? std::int64_t{stepsPerEpoch_} * batchSize_
                                                                     : images_);
    rows_.clear();
    targetRows_.clear();
    // The variant of each visit is drawn apart from the order, so both depend only on the seed.
    SplitMix64 variantEngine(combineSeed(seed_ ^ 0x9E3779B97F4A7C15ULL, static_cast<std::uint64_t>(epoch)));
    for (std::uint64_t pass = 0; targetRows_.size() < slots; ++pass) {
        std::vector<std::int64_t> order(static_cast<std::size_t>(images_));
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int64_t>(i);
        SplitMix64 engine(combineSeed(seed_, (static_cast<std::uint64_t>(epoch) << 20) + pass));
        shuffleDeterministically(order, engine);
        for (const auto image : order) {
            if (targetRows_.size() == slots) break;
            const auto variant = static_cast<std::int64_t>(variantEngine() % static_cast<std::uint64_t>(variants_));
            rows_.push_back(variant * images_ + image);
            targetRows_.push_back(image);
        }
    }
    nextSlot_ = 0;
}

std::optional<TensorBatch> PooledBatchSource::next() {
    if (nextSlot_ >= rows_.size()) return std::nullopt;
    const auto last = std::min(rows_.size(), nextSlot_ + static_cast<std::size_t>(batchSize_));
    const auto [begin, end] = shard_.of(nextSlot_, last);
    auto slice = [&, begin = begin, end = end](const std::vector<std::int64_t>& rows) {
        return torch::tensor(
            std::vector<std::int64_t>(rows.begin() + static_cast<long>(begin), rows.begin() + static_cast<long>(end)),
            torch::kInt64);
    };
    auto inputs = pool_.index_select(0, slice(rows_)).to(torch::kFloat32);
    auto targets = targets_.index_select(0, slice(targetRows_));
    nextSlot_ = last;
    return TensorBatch{inputs, targets};
}

}  // namespace tl::internal
