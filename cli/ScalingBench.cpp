#include "cli/ScalingBench.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <regex>
#include <sstream>

#include "core/runs/RunFolder.h"
#include "core/training/ExperimentFile.h"
#include "core/training/RankProcesses.h"
#include "core/util/Error.h"

namespace tl::cli {
namespace {

using nlohmann::json;

constexpr int kBatch = 20;

std::string quoted(const std::string& text) {
    std::string result = "'";
    for (char c : text) result += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return result + "'";
}

/// A fresh folder under the system's temporary folder, removed with the object.
struct ScratchFolder {
    std::filesystem::path path;
    ScratchFolder() {
        auto pattern = (std::filesystem::temp_directory_path() / "transferlab-scaling-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw Error("cannot make a temporary folder for the benchmark");
        path = pattern;
    }
    ~ScratchFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

/// What one measured run gave.
struct Measured {
    std::filesystem::path folder;
    double secondsPerBatch = 0;
    double allReduceMs = 0;
    double gradientMegabytes = 0;
};

/// Runs `transferlab-cli train EXPERIMENT [--nproc N] --json` and reads its run folder.
Measured trainAndTime(const std::filesystem::path& experiment, const std::filesystem::path& runs, int processes) {
    const auto command = quoted(currentExecutable().string()) + " train " + quoted(experiment.string()) + " --runs " +
                         quoted(runs.string()) + (processes > 1 ? " --nproc " + std::to_string(processes) : "") +
                         " --json 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) throw Error("cannot run: " + command);
    std::string output;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) output += buffer;
    if (pclose(pipe.release()) != 0) throw Error("the measured run failed: " + command);

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
    if (ends.size() < 2) throw Error("the measured run trained fewer than two batches in its second epoch");
    measured.secondsPerBatch = (ends.back() - ends.front()) / static_cast<double>(ends.size() - 1);
    return measured;
}

}  // namespace

json measureScaling(const ScalingSettings& s, Console& console, std::ostream& text) {
    ScratchFolder scratch;
    json report = json::object();
    std::filesystem::path headRun;
    for (const bool block : {false, true}) {
        if (block && s.fineTuneFrom.empty()) continue;
        const std::string configuration = block ? "block5" : "head";
        json rows = json::object();
        double single = 0;
        for (const int processes : s.processCounts) {
            Experiment e;
            e.name = "scaling-" + configuration + "-" + std::to_string(processes);
            e.data.root = s.data;
            e.data.counts = {s.perClass, 0, 0};
            e.model.backbone = s.backbone;
            e.model.input = s.input;
            e.model.head = {Pooling::Flatten, 256, 0.0, 2};
            e.weights = s.weights;
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
            const auto file = scratch.path / (e.name + ".json");
            saveExperiment(e, file);
            console.say("measuring data-parallel " + configuration + " training on " + std::to_string(processes) +
                        (processes == 1 ? " process" : " processes") + " ...");
            const auto measured = trainAndTime(file, scratch.path / "runs", processes);
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
