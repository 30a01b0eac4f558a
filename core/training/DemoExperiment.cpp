#include "core/training/DemoExperiment.h"

#include "core/data/DemoDataset.h"
#include "core/util/UserFolders.h"

namespace tl {
namespace {

constexpr int kImagesPerClass = 100;
constexpr int kImageSize = 64;

}  // namespace

Experiment demoExperiment(const std::filesystem::path& dataRoot) {
    Experiment e;
    e.name = "demo-small-convnet";
    e.description = "The classic small convnet, trained from scratch on the generated demo set.";
    e.data.root = dataRoot;
    e.data.layout = DatasetLayout::ClassFolders;
    e.data.counts = {60, 20, 20};
    e.model.backbone = "small_convnet";
    e.model.input = {kImageSize, kImageSize};
    e.model.head = {Pooling::Flatten, 64, 0.5, 2};
    e.preprocessing = Preprocessing::Unit;
    e.training.regime = Regime::Scratch;
    e.training.optimizer.kind = OptimizerKind::RmsProp;
    e.training.optimizer.learningRate = 1e-3;
    e.training.epochs = 6;
    e.training.batchSize = 20;
    e.training.augment = false;
    return e;
}

std::filesystem::path defaultDemoFolder() {
    return userDataHome() / "transferlab/demo";
}

void ensureDemoDataset(const std::filesystem::path& dataRoot) {
    if (std::filesystem::exists(dataRoot / "cat") && std::filesystem::exists(dataRoot / "dog")) return;
    DemoDatasetOptions options;
    options.perClass = kImagesPerClass;
    options.size = kImageSize;
    writeDemoDataset(dataRoot, options);
}

}  // namespace tl
