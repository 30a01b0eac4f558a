#include "core/training/LocalRanks.h"

#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/training/ExperimentFile.h"
#include "core/training/RankProcesses.h"
#include "core/training/RunPreparation.h"
#include "core/util/Error.h"
#include "core/util/TemporaryFolder.h"

namespace tl {
namespace {

/// How long the other ranks may take to finish after rank 0 (their last collective is rank 0's).
constexpr double kFinishSeconds = 30;
/// A window's run waits this long for a rank: long enough for a slow start, short enough to say
/// soon that one never came.
constexpr int kLocalTimeoutSeconds = 120;

}  // namespace

RunResult runOnLocalRanks(const Experiment& experiment, const RunRequest& request, int processes,
                          const std::filesystem::path& rankProgram) {
    if (processes < 2) return runExperiment(experiment, request);
    validateExperiment(experiment, "experiment");
    if (access(rankProgram.c_str(), X_OK) != 0) {
        throw Error("training on several processes needs " + rankProgram.string() +
                    " (transferlab-cli, installed beside the window), which is missing");
    }
    auto shared = experiment;
    shared.training.threads = std::max(1, resolvedThreadCount(experiment.training.threads) / processes);
    // The experiment file the other ranks read.
    const TemporaryFolder folder("transferlab-ranks");
    const auto file = folder.path() / "experiment.json";
    saveExperiment(shared, file);

    DistributedSpec world;
    world.worldSize = processes;
    world.masterPort = freeLoopbackPort();
    world.timeoutSeconds = kLocalTimeoutSeconds;
    const std::string cacheChoice = request.featureCache.empty() ? "--no-feature-cache" : "";
    std::vector<std::string> arguments{"train", file.string(), "--runs",
                                       std::filesystem::absolute(request.runsRoot).string()};
    if (!cacheChoice.empty()) arguments.push_back(cacheChoice);
    std::vector<int> others;
    for (int rank = 1; rank < processes; ++rank) others.push_back(rank);
    RankProcesses ranks(rankProgram, arguments, world, others, shared.training.threads);

    auto mine = request;
    mine.distributed = world;
    const auto result = runExperiment(shared, mine);  // on a throw, ~RankProcesses ends the others
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(kFinishSeconds);
    while (ranks.anyRunning() && std::chrono::steady_clock::now() < deadline) {
        ranks.collectEnded();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return result;
}

}  // namespace tl
