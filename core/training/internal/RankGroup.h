#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <torch/torch.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/training/DistributedSpec.h"

namespace tl::internal {

/// The processes of one data-parallel run, joined through LibTorch's c10d: a TCPStore served by
/// rank 0 for the rendezvous and a Gloo process group for the collectives (CPU tensors, TCP).
/// Every rank must call the same collectives in the same order; each blocks until all ranks took
/// part or the spec's timeout passed. Each rank also beats a heartbeat into the store twice a
/// second from a thread of its own, so a failure (a rank gone, a timeout) throws tl::Error naming
/// the ranks that stopped beating: killed, hung or stopped. Used from one thread.
class RankGroup {
public:
    /// Rendezvous: returns once all spec.worldSize ranks joined; throws tl::Error after the
    /// timeout, or at once when rank 0 cannot serve the port.
    explicit RankGroup(const DistributedSpec& spec);
    ~RankGroup();
    RankGroup(const RankGroup&) = delete;
    RankGroup& operator=(const RankGroup&) = delete;

    int rank() const { return spec_.rank; }
    int size() const { return spec_.worldSize; }
    const DistributedSpec& spec() const { return spec_; }

    /// Element-wise sum over the ranks, in place, for each tensor of `tensors` (reduced together
    /// as one message: a bucket). Contiguous CPU tensors of one dtype.
    void sumInPlace(std::vector<torch::Tensor>& tensors);
    /// Copies rank 0's values into `tensors` on every rank.
    void broadcastFromLeader(std::vector<torch::Tensor>& tensors);
    /// Every rank's `local` (the same shape and dtype everywhere), in rank order.
    std::vector<torch::Tensor> gather(const torch::Tensor& local);

private:
    /// For a failure message: "rank 1 stopped answering (killed, hung or stopped)", from the
    /// heartbeats that did not advance over a few beats; "" when every rank still beats.
    std::string whoIsSilent() const;
    void beat();
    [[noreturn]] void fail(const char* what, const std::exception& error) const;

    struct Connection;  // the c10d store and process group, kept out of this header

    DistributedSpec spec_;
    std::unique_ptr<Connection> connection_;
    std::mutex heartbeatMutex_;
    std::condition_variable heartbeatWake_;
    bool heartbeatStop_ = false;
    std::thread heartbeat_;
};

}  // namespace tl::internal
