#include <gtest/gtest.h>

#include <filesystem>

#include "core/runs/RunFolder.h"
#include "core/runs/TrainedRun.h"
#include "core/training/ExperimentFile.h"
#include "core/training/ExperimentRunner.h"
#include "core/util/Error.h"
#include "support/TrainingFixture.h"

namespace tl {
namespace {

TEST(EarlyStop, EndsTheRunWhenValidationStopsImproving) {
    test::TinyExperiment tiny;
    // Steps too small to change a single prediction: validation accuracy stays at epoch 1's.
    tiny.experiment.training.optimizer.learningRate = 1e-12;
    tiny.experiment.training.epochs = 10;
    tiny.experiment.training.earlyStopPatience = 2;
    std::vector<std::string> logs;
    RunRequest request{tiny.runsRoot()};
    request.callbacks.onLog = [&](const std::string& line) { logs.push_back(line); };
    const auto result = runExperiment(tiny.experiment, request);
    EXPECT_EQ(result.summary.status, RunStatus::Completed);
    EXPECT_TRUE(result.summary.endedEarly);
    EXPECT_EQ(result.summary.epochsCompleted, 3);  // epoch 1, then two without improvement
    EXPECT_EQ(result.summary.best.epoch, 1);
    const auto folder = RunFolder::open(result.folder);
    EXPECT_TRUE(folder.readSummary().endedEarly);
    EXPECT_EQ(folder.readMetrics().size(), 3u);
    EXPECT_TRUE(std::filesystem::exists(folder.bestCheckpointFile()));
    EXPECT_EQ(TrainedRun::load(result.folder).checkpoint, folder.bestCheckpointFile());
    EXPECT_EQ(TrainedRun::load(result.folder, CheckpointChoice::Last).checkpoint, folder.checkpointFile());
    bool said = false;
    for (const auto& line : logs) said = said || line.find("early stop") != std::string::npos;
    EXPECT_TRUE(said);
}

TEST(EarlyStop, WithoutValidationImagesEveryEpochTrainsAndNoBestFileIsKept) {
    test::TinyExperiment tiny;
    tiny.experiment.data.counts = {8, 0, 4};
    tiny.experiment.training.optimizer.learningRate = 1e-12;
    tiny.experiment.training.epochs = 4;
    tiny.experiment.training.earlyStopPatience = 1;
    const auto result = runExperiment(tiny.experiment, {tiny.runsRoot()});
    EXPECT_FALSE(result.summary.endedEarly);
    EXPECT_EQ(result.summary.epochsCompleted, 4);
    const auto folder = RunFolder::open(result.folder);
    EXPECT_FALSE(std::filesystem::exists(folder.bestCheckpointFile()));
    // "best" falls back to the only checkpoint there is
    EXPECT_EQ(folder.checkpointFile(CheckpointChoice::Best), folder.checkpointFile());
}

TEST(EarlyStop, PatienceIsReadWrittenAndRangeChecked) {
    test::TinyExperiment tiny;
    tiny.experiment.training.earlyStopPatience = 5;
    const auto text = experimentToJson(tiny.experiment);
    EXPECT_EQ(parseExperiment(text, "round trip", {}).training.earlyStopPatience, 5);
    tiny.experiment.training.earlyStopPatience = -1;
    try {
        validateExperiment(tiny.experiment, "exp.json");
        FAIL() << "a negative patience was accepted";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("training.early_stop_patience"), std::string::npos) << error.what();
    }
}

TEST(CheckpointChoice, ParsesItsWordsAndRefusesOthers) {
    EXPECT_EQ(parseCheckpointChoice("best"), CheckpointChoice::Best);
    EXPECT_EQ(parseCheckpointChoice("last"), CheckpointChoice::Last);
    EXPECT_EQ(toString(CheckpointChoice::Last), "last");
    EXPECT_THROW(parseCheckpointChoice("latest"), Error);
}

}  // namespace
}  // namespace tl
