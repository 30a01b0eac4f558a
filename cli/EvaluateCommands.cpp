#include <iomanip>
#include <sstream>

#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "cli/ConsoleCallbacks.h"
#include "cli/ExperimentOptions.h"
#include "cli/InterruptGuard.h"
#include "core/inference/ImagenetClassifier.h"
#include "core/inference/Predictor.h"
#include "core/training/Evaluator.h"
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
    console.result(text.str(), {{"split", std::string(toString(split))},
                                {"images", evaluation.images},
                                {"loss", evaluation.loss},
                                {"accuracy", evaluation.accuracy},
                                {"classes", evaluation.classes},
                                {"confusion", evaluation.confusion},
                                {"skipped_files", evaluation.skippedFiles},
                                {"stopped", evaluation.stopped}});
    return evaluation.stopped ? 1 : 0;
}

namespace {

/// `predict --imagenet`: the pretrained backbone with its own classifier names ImageNet classes.
int predictImagenet(const ArgumentParser& parser, Console& console) {
    ImagenetClassifierOptions options;
    options.backbone = parser.get("--backbone", options.backbone);
    options.weights = parser.get("--weights", options.weights);
    if (parser.has("--preprocessing")) options.preprocessing = parsePreprocessing(parser.get("--preprocessing"));
    if (parser.has("--input")) options.input = parseImageSize(parser.get("--input"), "--input");
    const auto count = parser.getInt("--top").value_or(5);
    if (count < 1 || count > 1000) throw UsageError("option --top expects 1 to 1000, got " + std::to_string(count));

    ImagenetClassifier classifier(options);
    std::ostringstream text;
    text << describe(classifier.weights()) << "\n" << std::fixed << std::setprecision(3);
    json results = json::array();
    bool allFine = true;
    for (const auto& image : parser.positionals()) {
        const auto prediction = classifier.classify(image, count);
        if (!prediction.error.empty()) {
            allFine = false;
            text << image << ": error: " << prediction.error << "\n";
            results.push_back({{"image", image}, {"error", prediction.error}});
            continue;
        }
        text << image << ":";
        json top = json::array();
        for (const auto& score : prediction.top) {
            text << (top.empty() ? " " : ", ") << score.label << " " << score.probability;
            top.push_back({{"index", score.index}, {"label", score.label}, {"probability", score.probability}});
        }
        text << "\n";
        results.push_back({{"image", image}, {"class", prediction.top.front().label}, {"top", top}});
    }
    const auto& w = classifier.weights();
    console.result(text.str(), {{"backbone", options.backbone},
                                {"weights", {{"source", w.source}, {"file", w.file.string()}, {"sha256", w.sha256}}},
                                {"preprocessing", std::string(toString(classifier.preprocessing()))},
                                {"predictions", results}});
    return allFine ? 0 : 1;
}

}  // namespace

int predictCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("predict");
    parser.positional("IMAGE", "image files to classify", true)
        .option("--run", "RUN", "the run folder whose model classifies")
        .flag("--imagenet",
              "classify into the 1000 ImageNet classes with a pretrained backbone and its own "
              "classifier, before any transfer learning (instead of --run)")
        .option("--backbone", "B", "with --imagenet: " + backboneList() + " (default vgg16)")
        .option("--weights", "W",
                "with --imagenet: imagenet (default: the published file with the top, found on "
                "this machine) or a weights file that holds the classifier")
        .option("--preprocessing", "P",
                "with --imagenet: torchvision, caffe, tf or unit (default: what the "
                "weights were trained with)")
        .option("--input", "WxH", "with --imagenet: input size (default 224x224; 299x299 for inception_v3, xception)")
        .option("--top", "K", "with --imagenet: how many classes to show (default 5)")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    if (parser.has("--imagenet") == parser.has("--run")) {
        throw UsageError("'predict' needs either --run RUN (a trained run) or --imagenet (a pretrained backbone)");
    }
    if (parser.has("--imagenet")) return predictImagenet(parser, console);

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
