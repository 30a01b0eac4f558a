#pragma once
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/training/DistributedSpec.h"

namespace tl {

/// How one rank's process ended.
struct RankExit {
    int rank = 0;
    int exitCode = 0;  ///< when it exited
    int signal = 0;    ///< when a signal ended it (then exitCode is 0)

    bool succeeded() const { return signal == 0 && exitCode == 0; }
    /// "rank 1 exited with code 1", "rank 2 was killed by signal 9 (Killed)".
    std::string describe() const;
};

/// The local processes of a data-parallel run, as torchrun starts them: `program` with
/// `arguments`, one process per rank of `ranks`, each with the environment of its rank (RANK,
/// LOCAL_RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT, TRANSFERLAB_DIST_TIMEOUT from `world`,
/// OMP_NUM_THREADS = threadsPerProcess). Output goes where this process's goes. The destructor ends
/// what still runs (SIGTERM, then SIGKILL after a grace period). Used from one thread.
class RankProcesses {
public:
    RankProcesses(const std::filesystem::path& program, const std::vector<std::string>& arguments,
                  const DistributedSpec& world, const std::vector<int>& ranks, int threadsPerProcess);
    ~RankProcesses();
    RankProcesses(const RankProcesses&) = delete;
    RankProcesses& operator=(const RankProcesses&) = delete;

    /// Without blocking: the processes that ended since the last call.
    std::vector<RankExit> collectEnded();
    /// True while any process runs.
    bool anyRunning() const;
    /// Sends `signal` to every process still running.
    void signalAll(int signal);
    /// SIGTERM (a clean stop: each rank keeps what it measured), then SIGKILL for what still runs
    /// after `graceSeconds`. Returns how the ones that were running ended.
    std::vector<RankExit> stopAll(double graceSeconds);

private:
    struct Child {
        int rank;
        pid_t pid;
        bool running = true;
    };
    std::vector<Child> children_;
};

/// A TCP port free on 127.0.0.1 right now (the kernel's choice), for a one-machine rendezvous.
int freeLoopbackPort();

/// The path of the running executable (/proc/self/exe).
std::filesystem::path currentExecutable();

}  // namespace tl
