#include "support/TrainingFixture.h"

#include "core/data/DemoDataset.h"

namespace tl::test {

TinyExperiment::TinyExperiment(int perClass) {
    DemoDatasetOptions options;
    options.perClass = perClass;
    options.size = 32;
    writeDemoDataset(dataRoot(), options);
    experiment.name = "tiny";
    experiment.data.root = dataRoot();
    experiment.data.counts = {8, 4, 4};
    experiment.model.backbone = "tiny";
    experiment.model.input = {32, 32};
    experiment.model.head = {Pooling::Flatten, 16, 0.0, 2};
    experiment.preprocessing = Preprocessing::Unit;
    experiment.training.regime = Regime::Scratch;
    experiment.training.optimizer.kind = OptimizerKind::Adam;
    experiment.training.optimizer.learningRate = 3e-3;
    experiment.training.epochs = 4;
    experiment.training.batchSize = 4;
    experiment.training.threads = 2;
    experiment.training.augment = false;
}

}  // namespace tl::test
