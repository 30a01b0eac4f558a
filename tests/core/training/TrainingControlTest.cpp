#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "core/runs/RunFolder.h"
#include "core/training/ExperimentRunner.h"
#include "support/TrainingFixture.h"

namespace tl {
namespace {

TEST(TrainingControl, StopEndsTheRunWithinOneBatchAndKeepsWhatItMeasured) {
    test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 5;  // 4 batches per epoch
    TrainingControl control;
    RunRequest request{tiny.runsRoot()};
    request.control = &control;
    int batches = 0;
    request.callbacks.onBatchEnd = [&](const BatchMetrics& b) {
        ++batches;
        if (b.epoch == 2 && b.batch == 2) control.requestStop();
    };
    const auto result = runExperiment(tiny.experiment, request);
    EXPECT_EQ(result.summary.status, tl::RunStatus::Stopped);
    EXPECT_EQ(batches, 4 + 2);
    EXPECT_EQ(result.epochs.size(), 1u);
    const auto folder = RunFolder::open(result.folder);
    EXPECT_EQ(folder.readSummary().status, tl::RunStatus::Stopped);
    EXPECT_EQ(folder.readMetrics().size(), 1u);
    EXPECT_EQ(folder.readSummary().batchesTrained, 6);
    EXPECT_TRUE(std::filesystem::exists(folder.checkpointFile()));
}

TEST(TrainingControl, StopFromAnotherThread) {
    test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 1000;
    TrainingControl control;
    RunRequest request{tiny.runsRoot()};
    request.control = &control;
    std::atomic<int> batches{0};
    request.callbacks.onBatchEnd = [&](const BatchMetrics&) { ++batches; };
    std::thread stopper([&] {
        while (batches < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        control.requestStop();
    });
    const auto result = runExperiment(tiny.experiment, request);
    stopper.join();
    EXPECT_EQ(result.summary.status, tl::RunStatus::Stopped);
    EXPECT_LT(result.summary.epochsCompleted, 1000);
}

TEST(TrainingControl, PauseHoldsTheRunUntilResume) {
    test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 2;
    TrainingControl control;
    RunRequest request{tiny.runsRoot()};
    request.control = &control;
    std::atomic<int> batches{0};
    std::vector<BatchMetrics> seen;
    request.callbacks.onBatchEnd = [&](const BatchMetrics& batch) {
        seen.push_back(batch);
        if (++batches == 1) control.pause();
    };
    std::thread runner([&] { runExperiment(tiny.experiment, request); });
    while (!control.paused() || batches < 1) std::this_thread::yield();
    // Paused after batch 1: however long we wait, no batch may run.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(batches.load(), 1);
    control.resume();
    runner.join();
    EXPECT_EQ(batches.load(), 8);
    // The pause is counted, and left out of the batches' elapsed time (what the ETA divides).
    EXPECT_GE(control.pausedSeconds(), 0.3);
    ASSERT_EQ(seen.size(), 8u);
    EXPECT_LT(seen[1].elapsedSeconds - seen[0].elapsedSeconds, control.pausedSeconds());
}

TEST(TrainingControl, StopWhilePausedEndsTheRun) {
    test::TinyExperiment tiny;
    TrainingControl control;
    RunRequest request{tiny.runsRoot()};
    request.control = &control;
    request.callbacks.onBatchEnd = [&](const BatchMetrics&) { control.pause(); };
    RunResult result;
    std::thread runner([&] { result = runExperiment(tiny.experiment, request); });
    while (!control.paused()) std::this_thread::yield();
    control.requestStop();
    runner.join();
    EXPECT_EQ(result.summary.status, tl::RunStatus::Stopped);
    EXPECT_EQ(result.summary.batchesTrained, 1);
}

}  // namespace
}  // namespace tl
