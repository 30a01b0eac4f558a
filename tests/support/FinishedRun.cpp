#include "support/FinishedRun.h"

#include <fstream>

#include "core/training/ExperimentFile.h"

namespace tl::test {

RunFolder writeFinishedRun(const std::filesystem::path& root, const std::string& name, Regime regime,
                           const std::string& startedAt, double bestAccuracy, int epochs) {
    auto run = RunFolder::create(root, name);
    Experiment experiment;
    experiment.name = name;
    experiment.training.regime = regime;
    experiment.model.backbone = "vgg16";
    experiment.weights = regime == Regime::Scratch ? "random" : "/home/student/.keras/models/vgg16_notop.h5";
    if (regime == Regime::FineTune) {
        experiment.freeze = FreezePlan::trainableFrom("block5_conv1");
        experiment.training.augment = true;  // as the lecture fine-tunes
    }
    saveExperiment(experiment, run.experimentFile());
    RunSummary summary;
    summary.name = name;
    summary.status = RunStatus::Completed;
    summary.regime = std::string(toString(regime));
    summary.backbone = "vgg16";
    summary.classes = {"cat", "dog"};
    summary.trainImages = 2000;
    summary.validationImages = 1000;
    summary.epochsPlanned = 30;
    summary.epochsCompleted = 30;
    summary.best.epoch = 12;
    summary.best.validationAccuracy = bestAccuracy;
    summary.best.validationLoss = 0.25;
    summary.last.epoch = 30;
    summary.last.validationAccuracy = bestAccuracy - 0.01;
    summary.seconds = 95.5;
    summary.startedAt = startedAt;
    run.writeSummary(summary);
    if (epochs > 0) {
        std::vector<EpochMetrics> metrics;
        for (int e = 1; e <= epochs; ++e) {
            EpochMetrics epoch;
            epoch.epoch = e;
            epoch.trainLoss = 1.0 / e;
            epoch.trainAccuracy = 0.5 + (bestAccuracy - 0.5) * e / epochs;
            epoch.validationLoss = 1.2 / e;
            epoch.validationAccuracy = 0.5 + (bestAccuracy - 0.5) * e / epochs;
            epoch.seconds = 3;
            metrics.push_back(epoch);
        }
        run.writeMetrics(metrics);
    }
    std::ofstream(run.checkpointFile()) << "x";
    return run;
}

}  // namespace tl::test
