#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "cli/ConsoleCallbacks.h"
#include "cli/InterruptGuard.h"
#include "core/data/DatasetSplitter.h"
#include "core/inference/Predictor.h"
#include "core/training/DemoExperiment.h"
#include "core/training/Evaluator.h"
#include "core/training/ExperimentRunner.h"

namespace tl::cli {

int demoCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("demo");
    parser.option("--dir", "DIR", "where the demo's images and runs go (default $XDG_DATA_HOME/transferlab/demo)")
        .option("--epochs", "N", "epochs to train (default 6)")
        .option("--threads", "N", "CPU threads (0: every core)")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;

    const auto folder = parser.has("--dir") ? std::filesystem::path(parser.get("--dir")) : defaultDemoFolder();
    console.say("Transfer Lab demo: a small convnet learns to tell two generated image classes apart.");
    console.say("images: " + (folder / "data").string());
    ensureDemoDataset(folder / "data");
    auto experiment = demoExperiment(folder / "data");
    if (auto epochs = parser.getInt("--epochs")) experiment.training.epochs = *epochs;
    if (auto threads = parser.getInt("--threads")) experiment.training.threads = *threads;

    InterruptGuard interrupts;
    TrainingControl control;
    RunRequest request;
    request.runsRoot = folder / "runs";
    request.control = &control;
    request.callbacks = consoleCallbacks(console, experiment.training.epochs, control);
    const auto run = runExperiment(experiment, request);
    if (run.summary.epochsCompleted == 0) {
        console.result("stopped before the first epoch ended\n", {{"status", toString(run.summary.status)}});
        return 1;
    }
    const auto evaluation = evaluateRun(run.folder, SplitName::Test, {}, nullptr, experiment.training.threads);

    Predictor predictor(run.folder);
    std::ostringstream text;
    text << std::fixed << std::setprecision(1) << "\nrun " << toString(run.summary.status) << " in "
         << Console::formatDuration(run.summary.seconds) << "; validation accuracy "
         << run.summary.last.validationAccuracy * 100 << "%, test accuracy " << evaluation.accuracy * 100 << "% ("
         << evaluation.images << " images)\n";
    text << std::setprecision(3);
    // One test image of each class, to show what predict says.
    const auto split = loadSplitFile(run.folder / "split.json");
    for (int label = 0; label < static_cast<int>(split.classes.size()); ++label) {
        const auto sample =
            std::find_if(split.test.begin(), split.test.end(), [&](const Sample& s) { return s.label == label; });
        if (sample == split.test.end()) continue;
        const auto prediction = predictor.predict(sample->path);
        if (prediction.predicted < 0) continue;
        text << "predict " << sample->path.filename().string() << ": "
             << split.classes[static_cast<std::size_t>(prediction.predicted)] << " ("
             << prediction.probabilities[static_cast<std::size_t>(prediction.predicted)] << ")\n";
    }
    text << "run folder: " << run.folder.string() << "\n";
    console.result(text.str(), {{"status", toString(run.summary.status)},
                                {"run_folder", run.folder.string()},
                                {"validation_accuracy", run.summary.last.validationAccuracy},
                                {"test_accuracy", evaluation.accuracy}});
    return 0;
}

}  // namespace tl::cli
