#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "cli/ConsoleCallbacks.h"
#include "cli/ExperimentOptions.h"
#include "cli/InterruptGuard.h"
#include "core/data/ImageDecoder.h"
#include "core/data/ImageWriter.h"
#include "core/evaluation/RocCurve.h"
#include "core/inference/ImagenetClassifier.h"
#include "core/inference/Predictor.h"
#include "core/runs/RunFolder.h"
#include "core/training/Evaluator.h"
#include "core/util/Error.h"
#include "core/util/TextList.h"

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

/// Per class: precision, recall, F1 and support, then their macro means.
void writeReport(std::ostringstream& text, const Evaluation& evaluation, const ClassificationReport& report) {
    std::size_t width = 12;
    for (const auto& name : evaluation.classes) width = std::max(width, name.size() + 2);
    const auto w = static_cast<int>(width);
    text << std::setw(w) << "" << std::setw(11) << "precision" << std::setw(8) << "recall" << std::setw(8) << "f1"
         << std::setw(9) << "images\n";
    auto row = [&](const std::string& name, const ClassScores& scores) {
        text << std::setw(w) << name << std::setw(11) << scores.precision << std::setw(8) << scores.recall
             << std::setw(8) << scores.f1 << std::setw(8) << scores.support << "\n";
    };
    for (std::size_t c = 0; c < evaluation.classes.size(); ++c) row(evaluation.classes[c], report.perClass[c]);
    row("macro mean", report.macro);
}

json reportJson(const Evaluation& evaluation, const ClassificationReport& report) {
    json classes = json::array();
    auto scores = [](const ClassScores& s) {
        return json{{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}, {"images", s.support}};
    };
    for (std::size_t c = 0; c < evaluation.classes.size(); ++c) {
        auto entry = scores(report.perClass[c]);
        entry["class"] = evaluation.classes[c];
        classes.push_back(entry);
    }
    return {{"per_class", classes}, {"macro", scores(report.macro)}};
}

constexpr std::size_t kMisclassifiedShown = 10;

}  // namespace

int evaluateCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("evaluate");
    parser.positional("RUN", "a run folder (made by train)")
        .option("--split", "S", "train, validation or test (default test)")
        .option("--checkpoint", "C", kCheckpointHelp)
        .option("--threads", "N", "CPU threads (0: every core)")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    const auto checkpoint = checkpointOption(parser);
    SplitName split;
    try {
        split = parseSplitName(parser.get("--split", "test"));
    } catch (const Error& error) {
        throw UsageError(error.what());
    }
    InterruptGuard interrupts;
    TrainingControl control;
    const auto evaluation = evaluateRun(parser.positionals()[0], split, consoleCallbacks(console, 0, control), &control,
                                        parser.getInt("--threads").value_or(0), checkpoint);
    const auto runFolder = RunFolder::open(parser.positionals()[0]);
    std::ostringstream text;
    text << std::fixed << std::setprecision(4) << "split " << toString(split) << ": " << evaluation.images
         << " images\nloss " << evaluation.loss << "\naccuracy " << evaluation.accuracy << "\n";
    const auto report = ClassificationReport::of(evaluation.confusion);
    json result{{"split", std::string(toString(split))},
                {"checkpoint", evaluation.checkpoint.string()},
                {"images", evaluation.images},
                {"loss", evaluation.loss},
                {"accuracy", evaluation.accuracy},
                {"classes", evaluation.classes},
                {"confusion", evaluation.confusion},
                {"report", reportJson(evaluation, report)},
                {"skipped_files", evaluation.skippedFiles},
                {"stopped", evaluation.stopped}};
    writeConfusion(text, evaluation);
    writeReport(text, evaluation, report);
    if (evaluation.classes.size() == 2) {
        const auto roc = RocCurve::of(evaluation.outcomes);
        if (roc.defined) {
            text << "ROC AUC (" << evaluation.classes[1] << " as positive) " << roc.auc << "\n";
            json points = json::array();
            for (const auto& p : roc.points) {
                points.push_back({p.falsePositiveRate, p.truePositiveRate,
                                  std::isfinite(p.threshold) ? json(p.threshold) : json(nullptr)});
            }
            result["roc"] = {{"auc", roc.auc}, {"positive_class", evaluation.classes[1]}, {"points", points}};
        }
    }
    const auto wrong = mostConfidentlyWrong(evaluation.outcomes);
    json misclassified = json::array();
    if (!wrong.empty()) text << "most confidently wrong (" << wrong.size() << " wrong in all):\n";
    for (std::size_t i = 0; i < wrong.size(); ++i) {
        const auto& w = wrong[i];
        const auto& actual = evaluation.classes[static_cast<std::size_t>(w.actual)];
        const auto& predicted = evaluation.classes[static_cast<std::size_t>(w.predicted)];
        if (i < kMisclassifiedShown) {
            text << "  " << w.file.string() << ": " << actual << " taken for " << predicted << " (" << w.confidence()
                 << ")\n";
        }
        misclassified.push_back(
            {{"file", w.file.string()}, {"actual", actual}, {"predicted", predicted}, {"probability", w.confidence()}});
    }
    result["misclassified"] = misclassified;
    text << "checkpoint " << runFolder.describeCheckpoint(evaluation.checkpoint) << "\n";
    if (evaluation.skippedFiles > 0) text << evaluation.skippedFiles << " file(s) skipped\n";
    console.result(text.str(), result);
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
        .option("--cam", "OUT",
                "with --run: write each image with its Grad-CAM heatmap (where the model looked) to OUT "
                "(a .png file; a folder for several images)")
        .option("--cam-layer", "L", "with --cam: the layer to explain (default: the base's last convolution)")
        .option("--checkpoint", "C", std::string("with --run: ") + kCheckpointHelp)
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    if (parser.has("--checkpoint") && !parser.has("--run")) throw UsageError("option --checkpoint needs --run RUN");
    if (parser.has("--imagenet") == parser.has("--run")) {
        throw UsageError("'predict' needs either --run RUN (a trained run) or --imagenet (a pretrained backbone)");
    }
    if (parser.has("--imagenet")) return predictImagenet(parser, console);

    Predictor predictor(parser.get("--run"), checkpointOption(parser));
    const auto& classes = predictor.classes();
    const bool drawCams = parser.has("--cam");
    const auto camLayer = parser.get("--cam-layer", "");
    if (!camLayer.empty() && !drawCams) throw UsageError("option --cam-layer needs --cam OUT");
    if (!camLayer.empty()) {
        const auto layers = predictor.camLayers();
        if (std::find(layers.begin(), layers.end(), camLayer) == layers.end()) {
            throw UsageError("--cam-layer " + camLayer +
                             " has no spatial output to draw; choose one of: " + commaList(layers));
        }
    }
    const auto camTarget = std::filesystem::path(parser.get("--cam", ""));
    const bool camFolder = drawCams && parser.positionals().size() > 1;
    std::ostringstream text;
    text << std::fixed << std::setprecision(3);
    json results = json::array();
    bool allFine = true;
    for (const auto& image : parser.positionals()) {
        const auto prediction = drawCams ? predictor.explain(image, camLayer) : predictor.predict(image);
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
        json entry{{"image", image}, {"class", classes[best]}, {"probabilities", probabilities}};
        if (drawCams) {
            const auto out =
                camFolder ? camTarget / (std::filesystem::path(image).stem().string() + "-cam.png") : camTarget;
            // Over the file at its own size: the map stretches back as the image was stretched.
            writeImage(out, overlayHeatmap(ImageDecoder().decode(image), prediction.heatmap));
            text << "  heatmap (" << prediction.heatmap.layer << ", " << classes[best] << "): " << out.string() << "\n";
            entry["cam"] = {{"file", out.string()}, {"layer", prediction.heatmap.layer}};
        }
        results.push_back(entry);
    }
    text << "checkpoint " << RunFolder::open(predictor.runFolder()).describeCheckpoint(predictor.checkpoint()) << "\n";
    console.result(text.str(), {{"checkpoint", predictor.checkpoint().string()}, {"predictions", results}});
    return allFine ? 0 : 1;
}

}  // namespace tl::cli
