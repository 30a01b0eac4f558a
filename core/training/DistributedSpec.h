#pragma once
#include <optional>
#include <string>

namespace tl {

/// Where one process of a data-parallel run stands (docs/design.md, "data-parallel training"): its
/// rank among `worldSize` processes and where they meet (a c10d TCPStore served by rank 0).
/// worldSize 1 is an ordinary run on one process.
struct DistributedSpec {
    int rank = 0;
    int worldSize = 1;
    std::string masterAddress = "127.0.0.1";
    int masterPort = 29500;
    /// How long a collective (an all-reduce, the rendezvous) may wait for the slowest rank before
    /// the run fails naming it. A paused run counts against it too.
    int timeoutSeconds = 300;

    bool isDistributed() const { return worldSize > 1; }
    bool isLeader() const { return rank == 0; }
};

/// The spec torchrun and batch schedulers describe in the environment: RANK, WORLD_SIZE,
/// MASTER_ADDR, MASTER_PORT and TRANSFERLAB_DIST_TIMEOUT (seconds). Nothing when WORLD_SIZE is
/// unset. Throws tl::Error naming the variable when one is malformed or out of range.
std::optional<DistributedSpec> distributedSpecFromEnvironment();

/// Throws tl::Error naming the field when `spec` cannot describe a run (rank outside the world,
/// a port outside 1-65535, a timeout below one second).
void validateDistributedSpec(const DistributedSpec& spec);

}  // namespace tl
