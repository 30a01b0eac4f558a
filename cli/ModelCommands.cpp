#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "cli/ExperimentOptions.h"
#include "core/models/Model.h"
#include "core/training/ExperimentFile.h"
#include "core/util/Error.h"
#include "core/weights/WeightsFile.h"

namespace tl::cli {
namespace {

using nlohmann::json;

/// The summary restricted to the convolutional base, totals recomputed (Keras' conv_base.summary()).
ModelSummary baseOnly(const ModelSummary& full) {
    ModelSummary base;
    for (const auto& layer : full.layers) {
        if (!layer.inBase) continue;
        base.layers.push_back(layer);
        base.totalParameters += layer.parameters;
        (layer.trainable ? base.trainableParameters : base.nonTrainableParameters) += layer.parameters;
    }
    return base;
}

json summaryJson(const ModelSummary& summary, const ModelSpec& spec) {
    json layers = json::array();
    for (const auto& l : summary.layers) {
        layers.push_back({{"name", l.name},
                          {"aliases", l.aliases},
                          {"type", l.type},
                          {"output_shape", l.outputShape},
                          {"parameters", l.parameters},
                          {"trainable", l.trainable},
                          {"in_base", l.inBase}});
    }
    return {{"backbone", spec.backbone},
            {"input_size", {spec.input.width, spec.input.height}},
            {"layers", layers},
            {"total_parameters", summary.totalParameters},
            {"trainable_parameters", summary.trainableParameters},
            {"non_trainable_parameters", summary.nonTrainableParameters}};
}

/// The weights a summary was made with: null for random initialisation.
json weightsJson(const std::string& setting, const std::optional<WeightsReport>& report) {
    if (!report) return nullptr;
    return {{"setting", setting},
            {"source", report->source},
            {"file", report->file.string()},
            {"sha256", report->sha256},
            {"loaded", report->loaded}};
}

}  // namespace

int modelSummaryCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("model summary");
    parser.option("--experiment", "FILE", "take the model (backbone, input, head, freezing) from an experiment file")
        .option("--backbone", "B", backboneList() + " (default vgg16)")
        .option("--input", "WxH", "input size (default 150x150)")
        .option("--units", "N", "hidden Dense units of the head (default 256; 0: none)")
        .option("--dropout", "P", "dropout before the output layer (default 0)")
        .option("--pooling", "P", "flatten (default) or global-average")
        .option("--classes", "N", "number of classes (default 2: one sigmoid output)")
        .flag("--imagenet-top",
              "the backbone's own 1000-class ImageNet classifier instead of a new head "
              "(Keras' include_top=True)")
        .flag("--freeze-base", "freeze the whole convolutional base")
        .option("--trainable-from", "LAYER", "freeze the base before LAYER")
        .option("--weights", "W",
                "load weights first and show where they come from: imagenet or a file (default random)")
        .flag("--base-only", "show the convolutional base alone")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;

    ModelSpec spec;
    FreezePlan plan;
    std::string weights = "random";
    if (parser.has("--experiment")) {
        const auto experiment = loadExperiment(parser.get("--experiment"));
        spec = experiment.model;
        plan = experiment.freeze;
        weights = experiment.weights;
        if (experiment.training.regime == Regime::FeatureExtraction ||
            experiment.training.regime == Regime::FeatureExtractionAug) {
            plan.base = FreezePlan::Base::Frozen;
        }
    }
    if (parser.has("--backbone")) spec.backbone = parser.get("--backbone");
    if (parser.has("--weights")) weights = parser.get("--weights");
    if (parser.has("--input")) spec.input = parseImageSize(parser.get("--input"), "--input");
    if (auto v = parser.getInt("--units")) spec.head.units = *v;
    if (auto v = parser.getDouble("--dropout")) spec.head.dropout = *v;
    if (auto v = parser.getInt("--classes")) spec.head.numClasses = *v;
    if (parser.has("--pooling")) {
        const auto pooling = parser.get("--pooling");
        if (pooling == "flatten")
            spec.head.pooling = Pooling::Flatten;
        else if (pooling == "global-average")
            spec.head.pooling = Pooling::GlobalAverage;
        else
            throw UsageError("option --pooling expects flatten or global-average, got '" + pooling + "'");
    }
    if (spec.head.numClasses < 2) throw UsageError("option --classes expects 2 or more");
    if (parser.has("--imagenet-top")) spec.head.kind = HeadKind::Imagenet;
    if (parser.has("--freeze-base")) plan = FreezePlan::frozenBase();
    if (parser.has("--trainable-from")) plan = FreezePlan::trainableFrom(parser.get("--trainable-from"));

    Model model(spec);
    std::optional<WeightsReport> report;
    std::string notLoaded;  // why an experiment's weights could not be loaded (the summary is still useful)
    try {
        report = applyWeightsSetting(model, weights);
    } catch (const Error& error) {
        if (parser.has("--weights")) throw;
        notLoaded = error.what();
    }
    model.applyFreeze(plan);
    auto summary = model.summary();
    if (parser.has("--base-only")) summary = baseOnly(summary);
    auto text = summary.format();
    auto object = summaryJson(summary, spec);
    object["weights"] = weightsJson(weights, report);
    if (!notLoaded.empty()) {
        object["weights"] = {{"setting", weights}, {"error", notLoaded}};
        text += "Weights: " + weights + ", not loaded: " + notLoaded + "\n";
    }
    if (report) {
        text += "Weights: " + report->source + " (" + weights + ")\n";
        text += "Weights file: " + report->file.string() + "\n";
        text += "Weights SHA-256: " + report->sha256 + "\n";
    }
    console.result(text, object);
    return 0;
}

}  // namespace tl::cli
