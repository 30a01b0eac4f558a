#include "cli/ExperimentOptions.h"

#include "core/models/ModelSpec.h"
#include "core/util/Error.h"
#include "core/util/TextList.h"

namespace tl::cli {

std::string backboneList() {
    return commaList(backboneNames());
}

void declareExperimentOptions(ArgumentParser& parser) {
    parser.option("--data", "DIR", "dataset folder (class folders, train/validation/test folders, or Kaggle flat)")
        .option("--name", "NAME", "run name (the run folder is named after it)")
        .option("--regime", "R", "scratch, fe, fe-aug or fine-tune")
        .option("--backbone", "B", backboneList())
        .option("--weights", "W", "random, imagenet, or a weights file")
        .option("--input", "WxH", "input size, e.g. 150 or 150x150")
        .option("--epochs", "N", "number of epochs")
        .option("--batch-size", "N", "images per batch")
        .option("--steps", "N", "batches per epoch (0: one pass over the training split)")
        .option("--lr", "X", "learning rate")
        .option("--optimizer", "O", "rmsprop, adam or sgd")
        .option("--seed", "S", "seed for weights, shuffling, augmentation")
        .option("--threads", "N", "CPU threads (0: every core)")
        .option("--precision", "P", "fp32, bf16, or auto (bf16 where the CPU computes it natively)")
        .option("--pool", "K",
                "fe-aug / fine-tune: K augmented variants per image through the frozen part, once (0: exact)")
        .option("--early-stop", "N",
                "end the run when validation accuracy has not improved for N epochs (0: train every epoch)")
        .option("--from", "RUN", "fine-tune: the run folder to start from")
        .option("--trainable-from", "LAYER", "freeze the base before LAYER, train LAYER and what follows")
        .option("--split-train", "N", "training images per class")
        .option("--split-validation", "N", "validation images per class")
        .option("--split-test", "N", "test images per class")
        .option("--split-seed", "S", "seed of the split")
        .flag("--augment", "augment training images (scratch and fine-tune; fe-aug always does)")
        .flag("--no-augment", "do not augment training images")
        .flag("--non-strict", "load the tensors of the weights file that fit, leave the others as initialised");
}

ImageSize parseImageSize(const std::string& text, const std::string& option) {
    try {
        const auto x = text.find('x');
        std::size_t used = 0;
        const int width = std::stoi(text.substr(0, x), &used);
        const int height = x == std::string::npos ? width : std::stoi(text.substr(x + 1));
        if (width >= 8 && height >= 8) return {width, height};
    } catch (const std::exception&) {
    }
    throw UsageError("option " + option + " expects a size such as 150 or 150x150 (at least 8), got '" + text + "'");
}

void applyExperimentOptions(const ArgumentParser& p, Experiment& e) {
    auto& t = e.training;
    try {
        if (p.has("--data")) e.data.root = p.get("--data"), e.data.splitFile.clear();
        if (p.has("--name")) e.name = p.get("--name");
        if (p.has("--regime")) t.regime = parseRegime(p.get("--regime"));
        if (p.has("--backbone")) e.model.backbone = p.get("--backbone");
        if (p.has("--weights")) e.weights = p.get("--weights");
        if (p.has("--optimizer")) t.optimizer.kind = parseOptimizerKind(p.get("--optimizer"));
        if (p.has("--precision")) t.precision = parsePrecision(p.get("--precision"));
    } catch (const Error& error) {
        throw UsageError(error.what());
    }
    if (p.has("--input")) e.model.input = parseImageSize(p.get("--input"), "--input");
    if (auto v = p.getInt("--epochs")) t.epochs = *v;
    if (auto v = p.getInt("--batch-size")) t.batchSize = *v;
    if (auto v = p.getInt("--steps")) t.stepsPerEpoch = *v;
    if (auto v = p.getDouble("--lr")) t.optimizer.learningRate = *v;
    if (auto v = p.getSeed("--seed")) t.seed = *v;
    if (auto v = p.getInt("--threads")) t.threads = *v;
    if (auto v = p.getInt("--pool")) t.augmentationPool = *v;
    if (auto v = p.getInt("--early-stop")) t.earlyStopPatience = *v;
    if (p.has("--from")) t.initFromRun = p.get("--from");
    if (p.has("--trainable-from")) e.freeze = FreezePlan::trainableFrom(p.get("--trainable-from"));
    if (auto v = p.getInt("--split-train")) e.data.counts.train = *v;
    if (auto v = p.getInt("--split-validation")) e.data.counts.validation = *v;
    if (auto v = p.getInt("--split-test")) e.data.counts.test = *v;
    if (auto v = p.getSeed("--split-seed")) e.data.splitSeed = *v;
    if (p.has("--augment")) t.augment = true;
    if (p.has("--no-augment")) t.augment = false;
    if (p.has("--non-strict")) e.weightsStrict = false;
}

CheckpointChoice checkpointOption(const ArgumentParser& parser) {
    try {
        return parseCheckpointChoice(parser.get("--checkpoint", "best"));
    } catch (const Error& error) {
        throw UsageError(std::string("--checkpoint: ") + error.what());
    }
}

}  // namespace tl::cli
