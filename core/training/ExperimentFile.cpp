#include "core/training/ExperimentFile.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "core/util/JsonReader.h"

namespace tl {
namespace {

using nlohmann::json;

std::filesystem::path resolve(const std::string& text, const std::filesystem::path& baseDir) {
    if (text.empty()) return {};
    std::filesystem::path path(text);
    if (path.is_relative() && !baseDir.empty()) path = baseDir / path;
    return path.lexically_normal();
}

template <typename Parse>
auto parseEnum(const JsonReader& reader, const std::string& key, Parse parse, decltype(parse("")) fallback) {
    std::string text;
    reader.read(key, text);
    if (text.empty()) return fallback;
    try {
        return parse(text);
    } catch (const Error& error) {
        reader.fail(key, error.what());
    }
}

void readData(const JsonReader& data, const std::filesystem::path& baseDir, DataSpec& spec) {
    data.rejectUnknown({"path", "layout", "split", "split_file"});
    std::string path, splitFile;
    data.read("path", path);
    data.read("split_file", splitFile);
    spec.root = resolve(path, baseDir);
    spec.splitFile = resolve(splitFile, baseDir);
    spec.layout = parseEnum(data, "layout", parseDatasetLayout, spec.layout);
    auto split = data.object("split");
    split.rejectUnknown({"train", "validation", "test", "seed"});
    split.read("train", spec.counts.train);
    split.read("validation", spec.counts.validation);
    split.read("test", spec.counts.test);
    split.read("seed", spec.splitSeed);
}

FreezePlan readFreeze(const JsonReader& freeze) {
    freeze.rejectUnknown({"base", "from", "frozen", "trainable"});
    FreezePlan plan;
    std::string base = "trainable";
    freeze.read("base", base);
    freeze.read("from", plan.from);
    if (base == "trainable")
        plan.base = FreezePlan::Base::Trainable;
    else if (base == "frozen")
        plan.base = FreezePlan::Base::Frozen;
    else if (base == "trainable-from")
        plan.base = FreezePlan::Base::TrainableFrom;
    else
        freeze.fail("base", "expected \"trainable\", \"frozen\" or \"trainable-from\", got \"" + base + "\"");
    if (plan.base == FreezePlan::Base::TrainableFrom && plan.from.empty()) {
        freeze.fail("from", "needed when base is \"trainable-from\" (e.g. \"block5_conv1\")");
    }
    freeze.read("frozen", plan.frozen);
    freeze.read("trainable", plan.trainable);
    return plan;
}

void readModel(const JsonReader& model, const std::filesystem::path& baseDir, Experiment& experiment) {
    model.rejectUnknown({"backbone", "weights", "weights_strict", "input_size", "preprocessing", "head", "freeze"});
    auto& spec = experiment.model;
    model.read("backbone", spec.backbone);
    model.read("weights", experiment.weights);
    model.read("weights_strict", experiment.weightsStrict);
    if (experiment.weights != "random" && experiment.weights != "imagenet") {
        experiment.weights = resolve(experiment.weights, baseDir).string();
    }
    std::vector<int> size;
    model.read("input_size", size);
    if (!size.empty()) {
        if (size.size() != 2 || size[0] < 8 || size[1] < 8) {
            model.fail("input_size", "expected [width, height], each at least 8");
        }
        spec.input = {size[0], size[1]};
    }
    experiment.preprocessing = parseEnum(model, "preprocessing", parsePreprocessing, experiment.preprocessing);
    auto head = model.object("head");
    head.rejectUnknown({"pooling", "units", "dropout"});
    std::string pooling = "flatten";
    head.read("pooling", pooling);
    if (pooling == "flatten")
        spec.head.pooling = Pooling::Flatten;
    else if (pooling == "global-average")
        spec.head.pooling = Pooling::GlobalAverage;
    else
        head.fail("pooling", "expected \"flatten\" or \"global-average\", got \"" + pooling + "\"");
    head.read("units", spec.head.units);
    head.read("dropout", spec.head.dropout);
    experiment.freeze = readFreeze(model.object("freeze"));
}

void readAugmentation(const JsonReader& reader, AugmentationParams& params) {
    reader.rejectUnknown(
        {"rotation_range", "width_shift_range", "height_shift_range", "shear_range", "zoom_range", "horizontal_flip"});
    reader.read("rotation_range", params.rotationRange);
    reader.read("width_shift_range", params.widthShiftRange);
    reader.read("height_shift_range", params.heightShiftRange);
    reader.read("shear_range", params.shearRange);
    reader.read("zoom_range", params.zoomRange);
    reader.read("horizontal_flip", params.horizontalFlip);
}

void readTraining(const JsonReader& training, const std::filesystem::path& baseDir, TrainingSpec& spec) {
    training.rejectUnknown({"regime", "optimizer", "epochs", "batch_size", "steps_per_epoch", "augment", "augmentation",
                            "augmentation_pool", "early_stop_patience", "seed", "threads", "precision",
                            "init_from_run"});
    spec.regime = parseEnum(training, "regime", parseRegime, spec.regime);
    auto optimizer = training.object("optimizer");
    optimizer.rejectUnknown({"name", "learning_rate", "rho", "epsilon", "momentum"});
    spec.optimizer.kind = parseEnum(optimizer, "name", parseOptimizerKind, spec.optimizer.kind);
    optimizer.read("learning_rate", spec.optimizer.learningRate);
    optimizer.read("rho", spec.optimizer.rho);
    optimizer.read("epsilon", spec.optimizer.epsilon);
    optimizer.read("momentum", spec.optimizer.momentum);
    training.read("epochs", spec.epochs);
    training.read("batch_size", spec.batchSize);
    training.read("steps_per_epoch", spec.stepsPerEpoch);
    training.read("augment", spec.augment);
    readAugmentation(training.object("augmentation"), spec.augmentation);
    training.read("augmentation_pool", spec.augmentationPool);
    training.read("early_stop_patience", spec.earlyStopPatience);
    training.read("seed", spec.seed);
    training.read("threads", spec.threads);
    spec.precision = parseEnum(training, "precision", parsePrecision, spec.precision);
    std::string initFrom;
    training.read("init_from_run", initFrom);
    spec.initFromRun = resolve(initFrom, baseDir);
}

std::string freezeBaseName(FreezePlan::Base base) {
    switch (base) {
        case FreezePlan::Base::Frozen:
            return "frozen";
        case FreezePlan::Base::TrainableFrom:
            return "trainable-from";
        default:
            return "trainable";
    }
}

}  // namespace

static Experiment parseDocument(const json& document, const std::string& source, const std::filesystem::path& baseDir) {
    JsonReader top(document, source);
    top.rejectUnknown({"name", "description", "data", "model", "training"});
    Experiment experiment;
    top.read("name", experiment.name);
    top.read("description", experiment.description);
    readData(top.object("data"), baseDir, experiment.data);
    readModel(top.object("model"), baseDir, experiment);
    readTraining(top.object("training"), baseDir, experiment.training);
    return experiment;
}

Experiment parseExperiment(const std::string& text, const std::string& source, const std::filesystem::path& baseDir) {
    return parseDocument(JsonReader::parse(text, source), source, baseDir);
}

Experiment loadExperiment(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file)) throw Error(file.string() + ": no such experiment file");
    return parseDocument(JsonReader::parseFile(file), file.string(), std::filesystem::absolute(file).parent_path());
}

int maximumThreads() {
    return static_cast<int>(std::max(8u, 4u * std::thread::hardware_concurrency()));
}

void validateExperiment(const Experiment& e, const std::string& source) {
    auto fail = [&](const std::string& field, const std::string& message) {
        throw Error(source + ": " + field + ": " + message);
    };
    const auto& t = e.training;
    // Fine-tuning reads its split (and through it the images) from the run it starts from.
    const bool splitFromSourceRun = t.regime == Regime::FineTune && !t.initFromRun.empty();
    if (e.data.root.empty() && e.data.splitFile.empty() && !splitFromSourceRun) {
        fail("data.path", "no dataset given (set it, or pass --data DIR)");
    }
    if (t.epochs < 1 || t.epochs > kMaximumEpochs) {
        fail("training.epochs", "must be from 1 to " + std::to_string(kMaximumEpochs));
    }
    if (t.batchSize < 1 || t.batchSize > kMaximumBatchSize) {
        fail("training.batch_size", "must be from 1 to " + std::to_string(kMaximumBatchSize));
    }
    if (t.stepsPerEpoch < 0 || t.stepsPerEpoch > kMaximumSteps) {
        fail("training.steps_per_epoch", "must be 0 (one pass) or up to " + std::to_string(kMaximumSteps));
    }
    const int threadLimit = maximumThreads();
    if (t.threads > threadLimit) {
        fail("training.threads", "must be 0 (every core) or up to " + std::to_string(threadLimit) +
                                     " (4 per core of this machine); more only waits on the cores");
    }
    const auto& input = e.model.input;
    if (input.width < 1 || input.height < 1 || input.width > kMaximumInputSide || input.height > kMaximumInputSide) {
        fail("model.input_size", "each side must be from 1 to " + std::to_string(kMaximumInputSide) +
                                     " pixels (the lecture uses 150x150), got " + std::to_string(input.width) + "x" +
                                     std::to_string(input.height));
    }
    if (!(t.optimizer.learningRate > 0) || !std::isfinite(t.optimizer.learningRate)) {
        fail("training.optimizer.learning_rate", "must be a number greater than 0 (the lecture uses 1e-4 to 1e-5)");
    }
    if (t.optimizer.learningRate > kMaximumLearningRate) {
        fail("training.optimizer.learning_rate",
             "must be at most 10: larger steps make the loss diverge (the lecture uses 1e-4 to 1e-5)");
    }
    if (t.threads < 0) fail("training.threads", "must be 0 (every core) or more");
    if (t.augmentationPool < 0 || t.augmentationPool > 1000) {
        fail("training.augmentation_pool", "must be 0 (exact augmentation) or a number of variants up to 1000");
    }
    if (t.earlyStopPatience < 0 || t.earlyStopPatience > kMaximumEpochs) {
        fail("training.early_stop_patience",
             "must be 0 (train every epoch) or a number of epochs without improvement up to " +
                 std::to_string(kMaximumEpochs));
    }
    if (e.model.head.dropout < 0 || e.model.head.dropout >= 1) fail("model.head.dropout", "must be in [0, 1)");
    if (augments(t.regime, t.augment)) {
        try {
            const Augmenter check(t.augmentation, t.seed);  // validates the ranges; cheap
        } catch (const Error& error) {
            fail("training.augmentation", error.what());
        }
    }
    if (e.model.head.units < 0) fail("model.head.units", "must be 0 (no hidden layer) or more");
    if (t.regime == Regime::FineTune && t.initFromRun.empty()) {
        fail("training.init_from_run", "fine-tune starts from an earlier run's folder; set it (or pass --from RUN)");
    }
    if (e.data.counts.train < 0 || e.data.counts.validation < 0 || e.data.counts.test < 0) {
        fail("data.split", "counts must be 0 or more");
    }
}

std::string experimentToJson(const Experiment& e) {
    const auto& a = e.training.augmentation;
    const auto& t = e.training;
    json document = {
        {"name", e.name},
        {"description", e.description},
        {"data",
         {{"path", e.data.root.string()},
          {"layout", std::string(toString(e.data.layout))},
          {"split",
           {{"train", e.data.counts.train},
            {"validation", e.data.counts.validation},
            {"test", e.data.counts.test},
            {"seed", e.data.splitSeed}}},
          {"split_file", e.data.splitFile.string()}}},
        {"model",
         {{"backbone", e.model.backbone},
          {"weights", e.weights},
          {"weights_strict", e.weightsStrict},
          {"input_size", {e.model.input.width, e.model.input.height}},
          {"preprocessing", std::string(toString(e.preprocessing))},
          {"head",
           {{"pooling", e.model.head.pooling == Pooling::Flatten ? "flatten" : "global-average"},
            {"units", e.model.head.units},
            {"dropout", e.model.head.dropout}}},
          {"freeze",
           {{"base", freezeBaseName(e.freeze.base)},
            {"from", e.freeze.from},
            {"frozen", e.freeze.frozen},
            {"trainable", e.freeze.trainable}}}}},
        {"training",
         {{"regime", std::string(toString(t.regime))},
          {"optimizer",
           {{"name", std::string(toString(t.optimizer.kind))},
            {"learning_rate", t.optimizer.learningRate},
            {"rho", t.optimizer.rho},
            {"epsilon", t.optimizer.epsilon},
            {"momentum", t.optimizer.momentum}}},
          {"epochs", t.epochs},
          {"batch_size", t.batchSize},
          {"steps_per_epoch", t.stepsPerEpoch},
          {"augment", t.augment},
          {"augmentation",
           {{"rotation_range", a.rotationRange},
            {"width_shift_range", a.widthShiftRange},
            {"height_shift_range", a.heightShiftRange},
            {"shear_range", a.shearRange},
            {"zoom_range", a.zoomRange},
            {"horizontal_flip", a.horizontalFlip}}},
          {"augmentation_pool", t.augmentationPool},
          {"early_stop_patience", t.earlyStopPatience},
          {"seed", t.seed},
          {"threads", t.threads},
          {"precision", std::string(toString(t.precision))},
          {"init_from_run", t.initFromRun.string()}}},
    };
    return document.dump(2) + "\n";
}

void saveExperiment(const Experiment& experiment, const std::filesystem::path& file) {
    writeFileAtomically(file, experimentToJson(experiment));
}

}  // namespace tl
