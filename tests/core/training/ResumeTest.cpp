// A run stopped half-way and resumed gives the curves of the same run never stopped: same
// weights, optimiser state, random generator (dropout), order and augmentation.
#include <gtest/gtest.h>

#include "core/runs/RunFolder.h"
#include "core/training/ExperimentRunner.h"
#include "support/ErrorText.h"
#include "support/TrainingFixture.h"

namespace tl {
namespace {

/// Dropout and augmentation draw random numbers every epoch: both must continue where they were.
void drawRandomEveryEpoch(test::TinyExperiment& tiny) {
    tiny.experiment.model.head.dropout = 0.5;
    tiny.experiment.training.augment = true;
    tiny.experiment.training.epochs = 4;
    tiny.experiment.training.threads = 1;  // one thread: sums in one order, so runs compare exactly
}

RunResult stoppedAfterEpoch(const test::TinyExperiment& tiny, int epoch, const std::string& name) {
    auto experiment = tiny.experiment;
    experiment.name = name;
    TrainingControl control;
    RunRequest request;
    request.runsRoot = tiny.runsRoot();
    request.control = &control;
    request.callbacks.onEpochEnd = [&](const EpochMetrics& metrics) {
        if (metrics.epoch == epoch) control.requestStop();
    };
    return runExperiment(experiment, request);
}

void expectSameEpochs(const std::vector<EpochMetrics>& resumed, const std::vector<EpochMetrics>& whole) {
    ASSERT_EQ(resumed.size(), whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
        EXPECT_EQ(resumed[i].epoch, whole[i].epoch);
        EXPECT_NEAR(resumed[i].trainLoss, whole[i].trainLoss, 1e-6) << "epoch " << i + 1;
        EXPECT_NEAR(resumed[i].trainAccuracy, whole[i].trainAccuracy, 1e-9) << "epoch " << i + 1;
        EXPECT_NEAR(resumed[i].validationLoss, whole[i].validationLoss, 1e-6) << "epoch " << i + 1;
        EXPECT_NEAR(resumed[i].validationAccuracy, whole[i].validationAccuracy, 1e-9) << "epoch " << i + 1;
    }
}

TEST(Resume, AStoppedRunGoesOnWithTheCurvesOfOneNeverStopped) {
    test::TinyExperiment tiny;
    drawRandomEveryEpoch(tiny);
    auto whole = tiny.experiment;
    whole.name = "whole";
    const auto uninterrupted = runExperiment(whole, {tiny.runsRoot()});
    ASSERT_EQ(uninterrupted.epochs.size(), 4u);

    const auto stopped = stoppedAfterEpoch(tiny, 2, "halves");
    ASSERT_EQ(stopped.summary.status, RunStatus::Stopped);
    ASSERT_EQ(stopped.epochs.size(), 2u);
    const auto folder = RunFolder::open(stopped.folder);
    EXPECT_TRUE(std::filesystem::exists(folder.trainingStateFile()));

    const auto resumed = resumeRun(stopped.folder, {});
    EXPECT_EQ(resumed.folder, stopped.folder) << "the same folder goes on";
    EXPECT_EQ(resumed.summary.status, RunStatus::Completed);
    EXPECT_EQ(resumed.summary.epochsCompleted, 4);
    EXPECT_EQ(resumed.summary.startedAt, stopped.summary.startedAt);
    EXPECT_GE(resumed.summary.seconds, stopped.summary.seconds) << "the time adds up";
    expectSameEpochs(resumed.epochs, uninterrupted.epochs);
    expectSameEpochs(folder.readMetrics(), uninterrupted.epochs);
    const auto batches = folder.readBatches();
    ASSERT_FALSE(batches.empty());
    EXPECT_EQ(batches.back().globalBatch, static_cast<int>(batches.size())) << "batch numbers continue";
}

TEST(Resume, ACompleteRunOrARunningOneIsRefusedBeforeAnythingIsWritten) {
    test::TinyExperiment tiny;
    drawRandomEveryEpoch(tiny);
    tiny.experiment.training.epochs = 1;
    const auto done = runExperiment(tiny.experiment, {tiny.runsRoot()});
    const auto metrics = RunFolder::open(done.folder).readMetrics();
    const auto message = test::errorOf([&] { resumeRun(done.folder, {}); });
    EXPECT_NE(message.find("is complete"), std::string::npos) << message;
    EXPECT_EQ(RunFolder::open(done.folder).readSummary().status, RunStatus::Completed);
    EXPECT_EQ(RunFolder::open(done.folder).readMetrics().size(), metrics.size());
}

}  // namespace
}  // namespace tl
