#include "cli/ScalingBench.h"

#include <regex>
#include <sstream>

#include "cli/ShellCommand.h"
#include "core/runs/RunFolder.h"
#include "core/training/ExperimentFile.h"
#include "core/training/RankProcesses.h"
#include "core/util/Error.h"
#include "core/util/TemporaryFolder.h"

namespace tl::cli {
namespace {

using nlohmann::json;

constexpr int kBatch = 20;

/// What one measured run gave.
struct Measured {
    std::filesystem::path folder;
    double secondsPerBatch = 0;
    double allReduceMs = 0;
    double gradientMegabytes = 0;
};

/// Runs `transferlab-cli train EXPERIMENT [--nproc N] --json` and reads its run folder.
Measured trainAndTime(const std::filesystem::path& experiment, const std::filesystem::path& runs, int processes) {
    const auto command = shellQuoted(currentExecutable().string()) + " train " + shellQuoted(experiment.string()) +
                         " --runs " + shellQuoted(runs.string()) +
                         (processes > 1 ? " --nproc " + std::to_string(processes) : "") + " --json 2>/dev/null";
    const auto output = captureOutput(command, "the measured run");

    Measured measured;
    const std::regex note("all-reduced ([0-9.eE+-]+) MB of gradients per step, ([0-9.eE+-]+) ms per step");
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        const auto event = json::parse(line, nullptr, false);
        if (!event.is_object()) continue;
        if (event.value("event", "") == "result") measured.folder = event.value("run_folder", "");
        std::smatch match;
        const auto message = event.value("message", "");
        if (std::regex_search(message, match, note)) {
            measured.gradientMegabytes = std::stod(match[1].str());
            measured.allReduceMs = std::stod(match[2].str());
        }
    }
    if (measured.folder.empty()) throw Error("the measured run printed no result: " + command);
    // The second epoch, from its first batch's end to its last: no start-up, no checkpoint.
    std::vector<double> ends;
    for (const auto& batch : RunFolder::open(measured.folder).readBatches()) {
        if (batch.epoch == 2) ends.push_back(batch.elapsedSeconds);
    }
    if (ends.size() < 2) {
        throw Error(
            "the measured run trained fewer than two batches in its second epoch: give it more images "
            "(--per-class 20 or more, batches of " +
            std::to_string(kBatch) + ")");
    }
    measured.secondsPerBatch = (ends.back() - ends.front()) / static_cast<double>(ends.size() - 1);
    return measured;
}

}  // namespace

json measureScaling(const ScalingSettings& s, Console& console, std::ostream& text) {
    const TemporaryFolder scratch("transferlab-scaling");
    json report = json::object();
    std::filesystem::path headRun;
    for (const bool block : {false, true}) {
        if (block && s.fineTuneFrom.empty()) continue;
        const std::string configuration = block ? "block5" : "head";
        json rows = json::object();
        double single = 0;
        for (const int processes : s.processCounts) {
            auto e = s.base;
            e.name = "scaling-" + configuration + "-" + std::to_string(processes);
            e.data.counts = {s.perClass, 0, 0};
            e.training.epochs = 2;
            e.training.batchSize = kBatch;
            e.training.threads = std::max(1, s.threads / processes);
            if (block) {
                e.training.regime = Regime::FineTune;
                e.training.initFromRun = headRun;
                e.freeze = FreezePlan::trainableFrom(s.fineTuneFrom);
                e.training.augment = true;
                e.training.augmentationPool = s.pool;
                e.training.stepsPerEpoch = s.steps;
                e.training.optimizer.learningRate = 1e-5;
            } else {
                e.training.regime = Regime::FeatureExtraction;
            }
            const auto file = scratch.path() / (e.name + ".json");
            saveExperiment(e, file);
            console.say("measuring data-parallel " + configuration + " training on " + std::to_string(processes) +
                        (processes == 1 ? " process" : " processes") + " ...");
            const auto measured = trainAndTime(file, scratch.path() / "runs", processes);
            if (!block && headRun.empty()) headRun = measured.folder;
            if (single == 0) single = measured.secondsPerBatch;
            const double imagesPerSecond = kBatch / std::max(measured.secondsPerBatch, 1e-9);
            rows[std::to_string(processes)] = {{"seconds_per_batch", measured.secondsPerBatch},
                                               {"images_per_s", imagesPerSecond},
                                               {"speedup", single / std::max(measured.secondsPerBatch, 1e-9)},
                                               {"threads_per_process", e.training.threads},
                                               {"gradient_mb_per_step", measured.gradientMegabytes},
                                               {"allreduce_ms_per_step", measured.allReduceMs}};
            text << "data-parallel " << configuration << ", " << processes << " x " << e.training.threads
                 << " threads: " << measured.secondsPerBatch << " s per batch of " << kBatch << " (" << imagesPerSecond
                 << " images/s)";
            if (processes > 1) {
                text << ", " << measured.gradientMegabytes << " MB all-reduced per step in " << measured.allReduceMs
                     << " ms";
            }
            text << "\n";
        }
        report[configuration] = rows;
    }
    return report;
}

}  // namespace tl::cli
