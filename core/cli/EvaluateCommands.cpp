#include <iomanip>
#include <sstream>

#include "core/cli/ArgumentParser.h"
#include "core/cli/Commands.h"
#include "core/cli/ConsoleCallbacks.h"
#include "core/cli/InterruptGuard.h"
#include "core/training/Evaluator.h"
#include "core/training/Predictor.h"
#include "core/util/Error.h"

namespace tl::cli {
namespace {

using nlohmann::json;

void writeConfusion(std::ostringstream& text, const Evaluation& evaluation) {
    std::size_t width = 10;
    for (const auto& name : evaluation.classes) width = std::max(width, name.size() + 2);
    text << "confusion matrix (rows: actual, columns: predicted)\n" << std::setw(static_cast<int>(width)) << "";
    for (const auto& name : evaluation.classes) text << std::setw(static_cast<int>(width)) << name;
    text << "\n";
    for (std::size_t a = 0; a < evaluation.classes.size(); ++a) {
        text << std::setw(static_cast<int>(width)) << evaluation.classes[a];
        for (auto count : evaluation.confusion[a]) text << std::setw(static_cast<int>(width)) << count;
        text << "\n";
    }
}

}  // namespace

int evaluateCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("evaluate");
    parser.positional("RUN", "a run folder (made by train)")
        .option("--split", "S", "train, validation or test (default test)")
        .option("--threads", "N", "CPU threads (0: every core)")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    SplitName split;
    try {
        split = parseSplitName(parser.get("--split", "test"));
    } catch (const Error& error) {
        throw UsageError(error.what());
    }
    InterruptGuard interrupts;
    TrainingControl control;
    const auto evaluation = evaluateRun(parser.positionals()[0], split, consoleCallbacks(console, 0, control), &control,
                                        parser.getInt("--threads").value_or(0));
    std::ostringstream text;
    text << std::fixed << std::setprecision(4) << "split " << toString(split) << ": " << evaluation.images
         << " images\nloss " << evaluation.loss << "\naccuracy " << evaluation.accuracy << "\n";
    writeConfusion(text, evaluation);
    if (evaluation.skippedFiles > 0) text << evaluation.skippedFiles << " file(s) skipped\n";
    console.result(text.str(), {{"split", std::string(toString(split))}, {"images", evaluation.images},
                                {"loss", evaluation.loss}, {"accuracy", evaluation.accuracy},
                                {"classes", evaluation.classes}, {"confusion", evaluation.confusion},
                                {"skipped_files", evaluation.skippedFiles}, {"stopped", evaluation.stopped}});
    return evaluation.stopped ? 1 : 0;
}

int predictCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("predict");
    parser.positional("IMAGE", "image files to classify", true)
        .option("--run", "RUN", "the run folder whose model classifies (required)")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    if (!parser.has("--run")) throw UsageError("'predict' needs --run RUN");

    Predictor predictor(parser.get("--run"));
    const auto& classes = predictor.classes();
    std::ostringstream text;
    text << std::fixed << std::setprecision(3);
    json results = json::array();
    bool allFine = true;
    for (const auto& image : parser.positionals()) {
        const auto prediction = predictor.predict(image);
        if (!prediction.error.empty()) {
            allFine = false;
            text << image << ": error: " << prediction.error << "\n";
            results.push_back({{"image", image}, {"error", prediction.error}});
            continue;
        }
        const auto best = static_cast<std::size_t>(prediction.predicted);
        text << image << ": " << classes[best] << " (" << prediction.probabilities[best] << ")";
        json probabilities = json::object();
        for (std::size_t c = 0; c < classes.size(); ++c) {
            text << "  " << classes[c] << " " << prediction.probabilities[c];
            probabilities[classes[c]] = prediction.probabilities[c];
        }
        text << "\n";
        results.push_back({{"image", image}, {"class", classes[best]}, {"probabilities", probabilities}});
    }
    console.result(text.str(), {{"predictions", results}});
    return allFine ? 0 : 1;
}

}  // namespace tl::cli
