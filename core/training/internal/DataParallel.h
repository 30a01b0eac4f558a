#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/training/internal/BatchProvider.h"
#include "core/training/internal/RankGroup.h"

namespace tl::internal {

/// Totals of one step or pass over every rank's rows.
struct GlobalTotals {
    std::int64_t rows = 0;
    double lossSum = 0;  ///< sum of per-row losses
    std::int64_t correct = 0;
};

/// Data-parallel training over a RankGroup (docs/design.md, "data-parallel training"): every rank
/// holds the whole model, trains on its shard of each global batch, and after each backward pass
/// the trainable parameters' gradients are averaged over the global batch, so every rank takes the
/// same optimiser step and stays identical. Used from one thread; every rank calls the same
/// methods in the same order.
class DataParallel {
public:
    /// Buckets hold up to this many bytes of gradients per all-reduce (as PyTorch's DDP does).
    static constexpr std::size_t kBucketBytes = std::size_t{25} << 20;

    /// `parameters`: the trainable ones (their gradients are averaged); `buffers`: running
    /// statistics (BatchNorm), kept equal to rank 0's after every step.
    DataParallel(RankGroup& group, std::vector<torch::Tensor> parameters, std::vector<torch::Tensor> buffers);

    int rank() const { return group_.rank(); }
    int size() const { return group_.size(); }
    bool isLeader() const { return group_.rank() == 0; }
    Shard shard() const { return {group_.rank(), group_.size()}; }

    /// Gives every rank rank 0's parameters and buffers.
    void broadcastState();
    /// True on every rank when `local` is true on any (a stop agreed by all).
    bool anyRank(bool local);
    /// After a backward pass over this rank's `rows` rows (mean loss `meanLoss`, `correct` right):
    /// replaces every trainable gradient by the global batch's mean gradient, exactly what one
    /// process would compute on the whole batch. A rank with no rows passes 0 and contributes
    /// zero gradients. Returns the global totals; when they hold no rows the caller skips the step.
    GlobalTotals averageGradients(std::int64_t rows, double meanLoss, std::int64_t correct);
    /// Makes the buffers rank 0's again (after an optimiser step in training mode).
    void syncBuffers();
    /// Element-wise sums over the ranks.
    std::vector<double> sum(const std::vector<double>& local);

    /// Every rank's rows of `local` (N_r, ...) concatenated in rank order: (sum N_r, ...). Ranks
    /// may hold different row counts; the trailing shape and dtype must agree. A rank with nothing
    /// passes an undefined tensor; undefined everywhere gives undefined.
    torch::Tensor gatherRows(const torch::Tensor& local);
    /// The same along dimension 1 of (K, N_r, ...) tensors: (K, sum N_r, ...).
    torch::Tensor gatherColumns(const torch::Tensor& local);
    /// Every rank's `local`, in rank order.
    std::vector<std::string> gatherStrings(const std::string& local);

    RankGroup& group() { return group_; }

    /// Bytes of gradients each step all-reduces (the trainable parameters, fp32).
    std::size_t gradientBytes() const;
    /// Steps averaged so far, and the wall seconds they spent in the gradients' all-reduce.
    std::int64_t stepsAveraged() const { return steps_; }
    double allReduceSeconds() const { return allReduceSeconds_; }
    /// "data-parallel: 2 ranks all-reduced 36.7 MB of gradients per step, 57.1 ms per step on
    /// average (41 steps)": what a run logs at its end (the scaling benchmark reads it).
    std::string trafficReport() const;

private:
    /// gatherColumns() for a tensor defined on every rank; `columns` (optional) receives each
    /// rank's column count, in rank order.
    torch::Tensor gatherDefinedColumns(const torch::Tensor& local, std::vector<std::int64_t>* columns = nullptr);
    /// Makes `tensors` rank 0's values on every rank.
    void broadcastInto(const std::vector<torch::Tensor>& tensors);

    RankGroup& group_;
    std::vector<torch::Tensor> parameters_;
    std::vector<torch::Tensor> buffers_;
    std::vector<std::vector<std::size_t>> buckets_;  ///< indices into parameters_
    std::int64_t steps_ = 0;
    double allReduceSeconds_ = 0;
};

/// `local`, or in a data-parallel run whether it is true on any rank (the same answer everywhere).
inline bool onAnyRank(DataParallel* parallel, bool local) {
    return parallel != nullptr ? parallel->anyRank(local) : local;
}

/// This rank's contiguous part of `samples` in a data-parallel run (all of them without one).
std::vector<Sample> shareOf(const std::vector<Sample>& samples, const DataParallel* parallel);

/// Every rank's `local` messages (skipped files), on every rank; rank 0 also passes the other
/// ranks' to `onSkip`, so its summary counts them. Without a data-parallel run: `local`.
std::vector<std::string> gatherMessages(DataParallel* parallel, const std::vector<std::string>& local,
                                        const std::function<void(const std::string&)>& onSkip);

}  // namespace tl::internal
