#include "cli/RankLauncher.h"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "cli/InterruptGuard.h"
#include "core/training/RankProcesses.h"
#include "core/training/RunPreparation.h"
#include "core/util/Error.h"

namespace tl::cli {
namespace {

const std::vector<std::string>& launcherOptions() {
    static const std::vector<std::string> names{"--nproc", "--nnodes", "--node-rank", "--master", "--dist-timeout"};
    return names;
}

/// `arguments` without the launcher's options (as "--nproc 2" or "--nproc=2").
std::vector<std::string> withoutLauncherOptions(const std::vector<std::string>& arguments) {
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const auto& argument = arguments[i];
        const auto name = argument.substr(0, argument.find('='));
        const auto& names = launcherOptions();
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            kept.push_back(argument);
        } else if (name == argument) {
            ++i;  // its value follows
        }
    }
    return kept;
}

int boundedInt(const ArgumentParser& parser, const std::string& name, int fallback, int low, int high) {
    const auto value = parser.getInt(name).value_or(fallback);
    if (value < low || value > high) {
        throw UsageError(name + " must be from " + std::to_string(low) + " to " + std::to_string(high) + ", not " +
                         std::to_string(value));
    }
    return value;
}

}  // namespace

void declareDistributedOptions(ArgumentParser& parser) {
    parser
        .option("--nproc", "N",
                "data-parallel: train in N processes on this machine, each on its share of every batch "
                "(the batch size stays the global batch)")
        .option("--nnodes", "M", "data-parallel over M machines, each running the same command with its --node-rank")
        .option("--node-rank", "K", "this machine's place among the --nnodes machines (0 holds the rendezvous)")
        .option("--master", "ADDR:PORT",
                "where the ranks meet: machine 0's address and a free port (one machine: 127.0.0.1 and a free "
                "port)")
        .option("--dist-timeout", "S", "seconds a rank waits for the others before the run fails (default 300)");
}

std::optional<LaunchPlan> launchPlanFrom(const ArgumentParser& parser, const Experiment& experiment) {
    const bool asked = std::any_of(launcherOptions().begin(), launcherOptions().end(),
                                   [&](const std::string& name) { return parser.has(name); });
    if (!asked) return std::nullopt;
    LaunchPlan plan;
    constexpr int kMostProcesses = 256;
    plan.processesHere = boundedInt(parser, "--nproc", 1, 1, kMostProcesses);
    const int nodes = boundedInt(parser, "--nnodes", 1, 1, kMostProcesses);
    const int nodeRank = boundedInt(parser, "--node-rank", 0, 0, nodes - 1);
    plan.firstRank = nodeRank * plan.processesHere;
    plan.world.worldSize = nodes * plan.processesHere;
    plan.world.timeoutSeconds = boundedInt(parser, "--dist-timeout", 300, 1, 7 * 24 * 3600);
    if (parser.has("--master")) {
        const auto master = parser.get("--master");
        const auto colon = master.rfind(':');
        if (colon == std::string::npos || colon == 0) {
            throw UsageError("--master takes ADDR:PORT (e.g. 10.0.0.1:29500), not '" + master + "'");
        }
        plan.world.masterAddress = master.substr(0, colon);
        try {
            const auto port = std::stoi(master.substr(colon + 1));
            if (port < 1 || port > 65535) throw std::out_of_range("port");
            plan.world.masterPort = port;
        } catch (const std::exception&) {
            throw UsageError("--master's port must be a number from 1 to 65535, in '" + master + "'");
        }
    } else if (nodes > 1) {
        throw UsageError("--nnodes " + std::to_string(nodes) + " needs --master ADDR:PORT (machine 0's address)");
    } else {
        plan.world.masterPort = freeLoopbackPort();
    }
    if (plan.world.worldSize == 1) return std::nullopt;  // "--nproc 1": an ordinary run
    const int threads = resolvedThreadCount(experiment.training.threads);
    plan.threadsPerProcess = experiment.training.threads > 0 ? threads : std::max(1, threads / plan.processesHere);
    return plan;
}

int launchRanks(const LaunchPlan& plan, const std::vector<std::string>& arguments, Console& console) {
    auto childArguments = withoutLauncherOptions(arguments);
    childArguments.insert(childArguments.begin(), "train");
    childArguments.push_back("--threads");
    childArguments.push_back(std::to_string(plan.threadsPerProcess));
    std::vector<int> ranks;
    for (int i = 0; i < plan.processesHere; ++i) ranks.push_back(plan.firstRank + i);
    console.say("data-parallel: " + std::to_string(plan.world.worldSize) + " processes (" +
                std::to_string(plan.processesHere) + " here, " + std::to_string(plan.threadsPerProcess) +
                " threads each), meeting at " + plan.world.masterAddress + ":" + std::to_string(plan.world.masterPort));
    InterruptGuard interrupts;
    RankProcesses processes(currentExecutable(), childArguments, plan.world, ranks, plan.threadsPerProcess);
    bool stopForwarded = false, stopped = false;
    std::optional<RankExit> failure;
    while (processes.anyRunning()) {
        auto ended = processes.collectEnded();
        // A rank killed by a signal is the cause; the others' errors follow from it.
        std::stable_sort(ended.begin(), ended.end(),
                         [](const RankExit& a, const RankExit& b) { return a.signal != 0 && b.signal == 0; });
        for (const auto& exit : ended) {
            if (exit.exitCode == 130 && exit.signal == 0) stopped = true;
            if (exit.succeeded() || (exit.exitCode == 130 && exit.signal == 0) || failure) continue;
            failure = exit;
            std::cerr << "transferlab-cli: " << exit.describe() << "; stopping the other ranks\n";
            processes.stopAll(10.0);
        }
        if (InterruptGuard::interrupted() && !stopForwarded) {
            processes.signalAll(SIGTERM);  // ranks stop together after the batch they are on
            stopForwarded = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (failure) {
        std::cerr << "transferlab-cli: error: data-parallel run failed: " << failure->describe()
                  << (plan.firstRank == 0 ? " (rank 0's run folder keeps every finished epoch)" : "") << "\n";
        return 1;
    }
    return stopped || stopForwarded ? 130 : 0;
}

std::optional<DistributedSpec> workerSpec() {
    auto spec = distributedSpecFromEnvironment();
    if (spec && spec->worldSize < 2) return std::nullopt;
    return spec;
}

}  // namespace tl::cli
