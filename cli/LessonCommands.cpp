#include <cstdio>
#include <iomanip>
#include <sstream>

#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "cli/ConsoleCallbacks.h"
#include "cli/InterruptGuard.h"
#include "core/lesson/LessonPretraining.h"
#include "core/lesson/LessonRunner.h"

#include "core/util/NumberText.h"

namespace tl::cli {
namespace {

/// The lecture's results table with what was measured beside it.
std::string resultsTable(const std::vector<LessonResult>& results) {
    std::ostringstream text;
    text << "\n  #  experiment                          lecture  validation  best val.  test     time\n";
    double total = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& row = results[i];
        total += row.seconds;
        text << "  " << i + 1 << "  " << std::left << std::setw(36) << row.title << std::setw(9)
             << percentText(row.lectureAccuracy);
        if (row.status == RunStatus::Failed) {
            text << row.error << "\n";
            continue;
        }
        text << std::setw(12) << percentText(row.validationAccuracy) << std::setw(11)
             << percentText(row.bestValidationAccuracy) << std::setw(9) << percentText(row.testAccuracy)
             << Console::formatDuration(row.seconds);
        if (row.status != RunStatus::Completed) text << "  (" << toString(row.status) << ")";
        text << "\n";
    }
    text << "\n  validation: mean of the last fifth of the epochs; all " << results.size() << " in "
         << Console::formatDuration(total) << "\n";
    return text.str();
}

nlohmann::json resultsJson(const std::vector<LessonResult>& results) {
    auto rows = nlohmann::json::array();
    for (const auto& row : results) {
        rows.push_back({{"title", row.title},
                        {"regime", row.regime},
                        {"status", toString(row.status)},
                        {"lecture_accuracy", row.lectureAccuracy},
                        {"validation_accuracy", row.validationAccuracy},
                        {"best_validation_accuracy", row.bestValidationAccuracy},
                        {"test_accuracy", row.testAccuracy},
                        {"epochs", row.epochs},
                        {"seconds", row.seconds},
                        {"run_folder", row.runFolder.string()},
                        {"error", row.error}});
    }
    return rows;
}

}  // namespace

int lessonCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("lesson");
    parser.option("--dir", "DIR", "where the lesson's images and runs go (default $XDG_DATA_HOME/transferlab/lesson)")
        .option("--weights", "FILE", "the pretrained mini_vgg (default: the one Transfer Lab ships)")
        .option("--seed", "N", "training seed of every experiment (default 42)")
        .option("--threads", "N", "CPU threads (0: every core)")
        .flag("--quick", "fewer epochs: the same lesson, and the same order of results, in about half the time")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;

    LessonOptions options;
    options.folder = parser.has("--dir") ? std::filesystem::path(parser.get("--dir")) : defaultLessonFolder();
    options.folder = std::filesystem::absolute(options.folder);
    if (parser.has("--weights")) options.weights = std::filesystem::absolute(parser.get("--weights"));
    if (auto seed = parser.getInt("--seed")) options.seed = static_cast<std::uint64_t>(*seed);
    if (auto threads = parser.getInt("--threads")) options.threads = *threads;
    options.quick = parser.has("--quick");

    console.say("Transfer Lab lesson: the lecture's five experiments on generated cats and dogs, with a small VGG");
    console.say("pretrained on 60 generated shape classes (the stand-in for ImageNet). Images and runs: " +
                options.folder.string());
    InterruptGuard interrupts;
    TrainingControl control;
    // Each step gets console callbacks of its own (its progress bar knows its epoch count); the
    // lesson's training callbacks forward to the current step's.
    TrainingCallbacks current;
    LessonCallbacks callbacks;
    callbacks.onStepStart = [&](int index, int count, const LessonStep& step) {
        current = consoleCallbacks(console, step.experiment.training.epochs, control);
        console.say("\n[" + std::to_string(index + 1) + "/" + std::to_string(count) + "] " + step.title + ": " +
                    step.experiment.description);
        console.event({{"event", "lesson_step"}, {"index", index}, {"title", step.title}});
    };
    callbacks.training.onBatchEnd = [&](const BatchMetrics& m) {
        if (current.onBatchEnd) current.onBatchEnd(m);
    };
    callbacks.training.onEpochEnd = [&](const EpochMetrics& m) {
        if (current.onEpochEnd) current.onEpochEnd(m);
    };
    callbacks.training.onProgress = [&](const PhaseProgress& p) {
        if (current.onProgress) current.onProgress(p);
    };
    callbacks.training.onLog = [&](const std::string& line) {
        if (current.onLog) current.onLog(line);
    };
    const auto results = runLesson(options, callbacks, &control);
    console.finishProgress();
    console.result(resultsTable(results), {{"folder", options.folder.string()}, {"results", resultsJson(results)}});
    if (control.stopRequested()) return 130;
    for (const auto& row : results) {
        if (row.status != RunStatus::Completed) return 1;
    }
    return 0;
}

int lessonPretrainCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("lesson pretrain");
    parser.option("--out", "FILE", "the weights file to write (required)")
        .option("--dir", "DIR", "where the source images and the pretraining run go (default: beside --out)")
        .option("--per-class", "N", "source images per class (default 160)")
        .option("--epochs", "N", "epochs (default 40)")
        .option("--seed", "N", "seed of the images and the training (default 1)")
        .option("--threads", "N", "CPU threads (default 2; the same count regenerates the same bytes)")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    if (!parser.has("--out")) throw UsageError("lesson pretrain: --out FILE is required");

    LessonPretrainingOptions options;
    options.output = std::filesystem::absolute(parser.get("--out"));
    options.workFolder = parser.has("--dir") ? std::filesystem::absolute(parser.get("--dir"))
                                             : options.output.parent_path() / "lesson-pretraining";
    if (auto n = parser.getInt("--per-class")) options.imagesPerClass = *n;
    if (auto n = parser.getInt("--epochs")) options.epochs = *n;
    if (auto n = parser.getInt("--seed")) options.seed = static_cast<std::uint64_t>(*n);
    if (auto n = parser.getInt("--threads")) options.threads = *n;

    InterruptGuard interrupts;
    TrainingControl control;
    RunRequest request;
    request.runsRoot = options.workFolder / "runs";
    request.control = &control;
    request.callbacks = consoleCallbacks(console, options.epochs, control);
    const auto run = pretrainLessonBackbone(options, request);
    console.finishProgress();
    if (run.summary.status != RunStatus::Completed) {
        console.result("stopped: no weights written\n", {{"status", toString(run.summary.status)}});
        return 130;
    }
    std::ostringstream text;
    text << "pretrained in " << Console::formatDuration(run.summary.seconds) << ": validation accuracy "
         << percentText(run.summary.last.validationAccuracy) << " over " << run.summary.classes.size()
         << " source classes\nweights: " << options.output.string() << "\n";
    console.result(text.str(), {{"status", "completed"},
                                {"output", options.output.string()},
                                {"seconds", run.summary.seconds},
                                {"validation_accuracy", run.summary.last.validationAccuracy},
                                {"run_folder", run.folder.string()}});
    return 0;
}

}  // namespace tl::cli
