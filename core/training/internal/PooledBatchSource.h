#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include "core/training/internal/BatchProvider.h"

namespace tl::internal {

/// Training batches drawn from an augmentation pool: `variants` augmented copies of each of N
/// images, already run through the frozen prefix, stored variant-major (row v * N + i is image
/// i's variant v). Each epoch visits the images in a seeded order (several passes when the steps
/// need more images than N) and takes, for each visit, one variant drawn from (seed, epoch,
/// slot): what an epoch of on-the-fly augmentation does, with the K transforms fixed in advance.
/// Batches come out fp32 whatever the pool's storage type.
class PooledBatchSource : public BatchProvider {
public:
    /// `targets` (N, ...) as makeTargets() builds them; `pool` has variants * N rows.
    PooledBatchSource(torch::Tensor pool, torch::Tensor targets, int variants, int batchSize, int stepsPerEpoch,
                      std::uint64_t seed);

    int batchesPerEpoch() const override;
    void startEpoch(int epoch) override;
    std::optional<TensorBatch> next() override;

private:
    torch::Tensor pool_;
    torch::Tensor targets_;
    std::int64_t images_;
    int variants_;
    int batchSize_;
    int stepsPerEpoch_;
    std::uint64_t seed_;
    std::vector<std::int64_t> rows_;  ///< pool row for each slot of the epoch
    std::vector<std::int64_t> targetRows_;
    std::size_t nextSlot_ = 0;
};

}  // namespace tl::internal
