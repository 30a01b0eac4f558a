#include <cstdlib>
#include <optional>
#include <sstream>

#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "cli/ConsoleCallbacks.h"
#include "cli/ExperimentOptions.h"
#include "cli/InterruptGuard.h"
#include "cli/RankLauncher.h"
#include "core/runs/MetricsJson.h"
#include "core/runs/RunFolder.h"
#include "core/training/ExperimentFile.h"
#include "core/training/ExperimentRunner.h"
#include "core/util/Error.h"
#include "core/util/UserMessage.h"

namespace tl::cli {
namespace {

using nlohmann::json;

std::string percent(double fraction) {
    std::ostringstream text;
    text.precision(1);
    text << std::fixed << fraction * 100 << "%";
    return text.str();
}

Experiment experimentFrom(const ArgumentParser& parser) {
    // Flag mistakes are usage errors and come first, before the file is even read.
    Experiment scratch;
    applyExperimentOptions(parser, scratch);
    auto experiment = loadExperiment(parser.positionals()[0]);
    applyExperimentOptions(parser, experiment);
    return experiment;
}

/// Callbacks for a rank other than 0 of a data-parallel run: silent (rank 0 speaks for the run),
/// but a Ctrl-C or SIGTERM still asks for the stop every rank then agrees on.
TrainingCallbacks quietRankCallbacks(TrainingControl& control) {
    TrainingCallbacks callbacks;
    const auto stopOnInterrupt = [&control] {
        if (InterruptGuard::interrupted()) control.requestStop();
    };
    callbacks.onBatchEnd = [stopOnInterrupt](const BatchMetrics&) { stopOnInterrupt(); };
    callbacks.onProgress = [stopOnInterrupt](const PhaseProgress&) { stopOnInterrupt(); };
    return callbacks;
}

/// OMP_NUM_THREADS when it holds a usable thread count.
std::optional<int> threadsFromEnvironment() {
    const char* text = std::getenv("OMP_NUM_THREADS");
    if (text == nullptr) return std::nullopt;
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < 1 || value > maximumThreads()) return std::nullopt;
    return static_cast<int>(value);
}

}  // namespace

int trainCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("train");
    parser.positional("EXPERIMENT", "experiment JSON file (see resources/presets/)", false, false)
        .option("--runs", "DIR", "where run folders go (default ./runs)")
        .option("--resume", "RUN",
                "go on with a stopped, failed or interrupted run from its last finished epoch, with its own "
                "experiment (no EXPERIMENT, no experiment flags)")
        .flag("--no-feature-cache", "fe: compute the base outputs even if a cached copy exists, and keep none")
        .flag("--json", "machine-readable output: one JSON event per line, then the result");
    declareExperimentOptions(parser);
    declareDistributedOptions(parser);
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    const bool resuming = parser.has("--resume");
    if (resuming) {
        Experiment flagged;
        applyExperimentOptions(parser, flagged);
        if (!parser.positionals().empty() || experimentToJson(flagged) != experimentToJson(Experiment{})) {
            throw UsageError(
                "--resume goes on with the run's own experiment.json: give neither an EXPERIMENT nor "
                "experiment flags");
        }
    } else if (parser.positionals().empty()) {
        throw UsageError("train needs an EXPERIMENT file (or --resume RUN)");
    }
    auto experiment =
        resuming ? loadExperiment(RunFolder::open(parser.get("--resume")).experimentFile()) : experimentFrom(parser);
    if (!resuming) validateExperiment(experiment, parser.positionals()[0]);
    if (const auto plan = launchPlanFrom(parser, experiment)) {
        if (resuming) throw UsageError("a run resumes on one process: drop --nproc/--nnodes");
        return launchRanks(*plan, arguments, console);
    }
    const auto distributed = workerSpec();
    if (distributed && experiment.training.threads == 0) {
        // Started by torchrun or a scheduler: OMP_NUM_THREADS is its share of the cores.
        if (const auto threads = threadsFromEnvironment()) experiment.training.threads = *threads;
    }
    InterruptGuard interrupts;
    TrainingControl control;
    RunRequest request;
    request.runsRoot = parser.get("--runs", "runs");
    request.control = &control;
    if (parser.has("--no-feature-cache")) request.featureCache.clear();
    if (distributed) {
        if (resuming) throw UsageError("a run resumes on one process, not as a rank of a data-parallel run");
        request.distributed = *distributed;
    }
    if (distributed && !distributed->isLeader()) {
        // Rank 0 speaks for the run; the others say nothing unless they fail, naming themselves.
        request.callbacks = quietRankCallbacks(control);
        try {
            const auto result = runExperiment(experiment, request);
            return result.summary.status == RunStatus::Stopped ? 130 : 0;
        } catch (const std::exception& error) {
            throw Error("rank " + std::to_string(distributed->rank) + ": " + userMessage(error));
        }
    }

    console.say("experiment " + experiment.name + ": " + std::string(toString(experiment.training.regime)) + ", " +
                experiment.model.backbone + " (" + experiment.weights + " weights), " +
                std::to_string(experiment.training.epochs) + " epochs, batch " +
                std::to_string(experiment.training.batchSize));
    request.callbacks = consoleCallbacks(console, experiment.training.epochs, control);
    const auto result = resuming ? resumeRun(parser.get("--resume"), request) : runExperiment(experiment, request);

    const auto& s = result.summary;
    std::ostringstream text;
    text << "run " << toString(s.status) << ": " << s.epochsCompleted << "/" << s.epochsPlanned << " epochs in "
         << Console::formatDuration(s.seconds) << "\n";
    if (s.epochsCompleted > 0 && s.validationImages == 0) {
        // No validation split: there is no "best" epoch to name, only what training saw.
        text << "last epoch: acc " << percent(s.last.trainAccuracy) << ", loss " << s.last.trainLoss
             << " (no validation split, so no best epoch)\n";
    } else if (s.epochsCompleted > 0) {
        text << "last epoch: val_acc " << percent(s.last.validationAccuracy) << ", val_loss " << s.last.validationLoss
             << "\nbest epoch: " << s.best.epoch << " (val_acc " << percent(s.best.validationAccuracy)
             << "), kept in model-best.pt; evaluate and predict use it unless given --checkpoint last\n";
        if (s.endedEarly) {
            text << "ended early: validation accuracy did not improve for " << experiment.training.earlyStopPatience
                 << " epochs\n";
        }
    }
    text << "run folder: " << result.folder.string() << "\n";
    json epochs = json::array();
    for (const auto& e : result.epochs) epochs.push_back(epochToJson(e));
    console.result(text.str(), {{"event", "result"},
                                {"status", toString(s.status)},
                                {"run_folder", result.folder.string()},
                                {"epochs_completed", s.epochsCompleted},
                                {"best_epoch", s.best.epoch},
                                {"ended_early", s.endedEarly},
                                {"epochs", epochs},
                                {"skipped_files", s.skippedFiles}});
    // 130, as a shell reports a program ended by Ctrl-C: scripts can tell a stopped run from a finished one.
    return s.status == RunStatus::Stopped ? 130 : 0;
}

int extractCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("extract");
    parser.positional("EXPERIMENT", "experiment JSON file: data, split, backbone, weights, input size")
        .option("--out", "DIR", "folder for <split>_features.npy, <split>_labels.npy, classes.txt (required)")
        .flag("--no-feature-cache", "compute the base outputs even if a cached copy exists, and keep none")
        .flag("--json", "machine-readable output");
    declareExperimentOptions(parser);
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    if (!parser.has("--out")) throw UsageError("'extract' needs --out DIR");
    const auto experiment = experimentFrom(parser);

    InterruptGuard interrupts;
    TrainingControl control;
    const auto callbacks = consoleCallbacks(console, 0, control);
    const std::filesystem::path folder = parser.get("--out");
    const auto cache = parser.has("--no-feature-cache") ? std::filesystem::path() : defaultFeatureCacheFolder();
    const bool finished = extractFeaturesToFolder(experiment, folder, callbacks, &control, cache);
    console.result(
        finished ? "features written to " + folder.string() + "\n" : "stopped; nothing complete was written\n",
        {{"event", "result"}, {"status", finished ? "completed" : "stopped"}, {"folder", folder.string()}});
    return finished ? 0 : 130;
}

}  // namespace tl::cli
