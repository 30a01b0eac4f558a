#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cli/ArgumentParser.h"
#include "cli/Console.h"
#include "core/training/DistributedSpec.h"
#include "core/training/Experiment.h"

namespace tl::cli {

/// Declares train's data-parallel options: --nproc, --nnodes, --node-rank, --master, --dist-timeout.
void declareDistributedOptions(ArgumentParser& parser);

/// The local ranks `parser`'s options ask this command to start, or nothing when they ask for a
/// one-process run. Throws UsageError for values that cannot describe a run.
struct LaunchPlan {
    int processesHere = 1;
    int firstRank = 0;      ///< this machine's first rank: node rank * processes per node
    DistributedSpec world;  ///< rank unused; the whole run's size and meeting point
    int threadsPerProcess = 1;
};
std::optional<LaunchPlan> launchPlanFrom(const ArgumentParser& parser, const Experiment& experiment);

/// Starts the plan's ranks as `transferlab-cli train` processes with `arguments` (train's own,
/// less the launcher's options, plus --threads so the cores are not oversubscribed), waits for
/// them, and ends them all when one fails or is killed, naming it. Ctrl-C or SIGTERM stops every
/// rank cleanly. Returns the exit code: 0, 130 when stopped, 1 when a rank failed.
int launchRanks(const LaunchPlan& plan, const std::vector<std::string>& arguments, Console& console);

/// This process's place in a data-parallel run when the environment names one (RANK and
/// WORLD_SIZE, set by launchRanks() or by torchrun), else nothing.
std::optional<DistributedSpec> workerSpec();

}  // namespace tl::cli
