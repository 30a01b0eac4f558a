#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include "core/training/internal/BatchProvider.h"

namespace tl::internal {

/// Batches drawn from tensors already in memory (the cached features of the "fe" regime),
/// shuffled per epoch from the seed.
class TensorBatchSource : public BatchProvider {
public:
    /// `inputs` (N, ...) and `targets` (as makeTargets() builds them) share their first dimension.
    TensorBatchSource(torch::Tensor inputs, torch::Tensor targets, int batchSize, bool shuffle, std::uint64_t seed);

    int batchesPerEpoch() const override;
    void startEpoch(int epoch) override;
    std::optional<TensorBatch> next() override;

private:
    torch::Tensor inputs_;
    torch::Tensor targets_;
    int batchSize_;
    bool shuffle_;
    std::uint64_t seed_;
    std::vector<std::int64_t> order_;
    std::size_t nextSlot_ = 0;
};

}  // namespace tl::internal
