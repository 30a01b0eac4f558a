#include <gtest/gtest.h>

#include <torch/torch.h>

#include <fstream>
#include <limits>

#include "core/models/Model.h"
#include "core/models/internal/Network.h"
#include "core/runs/RunFolder.h"
#include "core/training/ExperimentFile.h"
#include "core/training/ExperimentRunner.h"
#include "core/training/NpyFile.h"
#include "support/TrainingFixture.h"

namespace tl {
namespace {

/// Each regime runs a few epochs on generated data and must lower the training loss.
void expectLossFalls(const RunResult& result) {
    ASSERT_EQ(result.summary.status, tl::RunStatus::Completed);
    ASSERT_GE(result.epochs.size(), 2u);
    EXPECT_LT(result.epochs.back().trainLoss, result.epochs.front().trainLoss)
        << "first " << result.epochs.front().trainLoss << ", last " << result.epochs.back().trainLoss;
}

TEST(RegimeTraining, ScratchLowersTheLoss) {
    test::TinyExperiment tiny;
    expectLossFalls(runExperiment(tiny.experiment, {tiny.runsRoot()}));
}

TEST(RegimeTraining, ScratchWithAugmentationLowersTheLoss) {
    test::TinyExperiment tiny;
    tiny.experiment.training.augment = true;
    tiny.experiment.training.augmentation = AugmentationParams::classic();
    tiny.experiment.training.epochs = 6;
    expectLossFalls(runExperiment(tiny.experiment, {tiny.runsRoot()}));
}

TEST(RegimeTraining, CachedFeaturesTrainTheHeadAndAreSavedAsNpy) {
    test::TinyExperiment tiny;
    tiny.experiment.training.regime = Regime::FeatureExtraction;
    const auto result = runExperiment(tiny.experiment, {tiny.runsRoot()});
    expectLossFalls(result);
    // tiny at 32x32: two 2x2 poolings -> 16 x 8 x 8 features; 8 training images per class
    const auto features = readNpy(result.folder / "features/train_features.npy");
    EXPECT_EQ(features.shape, (std::vector<std::int64_t>{16, 16, 8, 8}));
    const auto labels = readNpy(result.folder / "features/train_labels.npy");
    EXPECT_EQ(labels.shape, (std::vector<std::int64_t>{16}));
    EXPECT_EQ(readNpy(result.folder / "features/validation_features.npy").shape[0], 8);
    // only the head trained
    EXPECT_EQ(result.summary.trainableParameters, 16 * 8 * 8 * 16 + 16 + 16 + 1);
}

TEST(RegimeTraining, FrozenBaseWithAugmentationLowersTheLoss) {
    test::TinyExperiment tiny;
    tiny.experiment.training.regime = Regime::FeatureExtractionAug;
    tiny.experiment.training.augmentation = AugmentationParams::classic();
    tiny.experiment.training.epochs = 6;
    const auto result = runExperiment(tiny.experiment, {tiny.runsRoot()});
    expectLossFalls(result);
    EXPECT_LT(result.summary.trainableParameters, result.summary.totalParameters);
}

TEST(RegimeTraining, FineTuneStartsFromAnEarlierRunAndKeepsImproving) {
    test::TinyExperiment tiny;
    tiny.experiment.training.regime = Regime::FeatureExtractionAug;
    tiny.experiment.training.augmentation = {};
    const auto first = runExperiment(tiny.experiment, {tiny.runsRoot()});
    ASSERT_EQ(first.summary.status, tl::RunStatus::Completed);

    auto fineTune = tiny.experiment;
    fineTune.training.regime = Regime::FineTune;
    fineTune.training.initFromRun = first.folder;
    fineTune.training.optimizer.learningRate = 1e-3;
    fineTune.freeze = FreezePlan::trainableFrom("block2_conv1");
    const auto second = runExperiment(fineTune, {tiny.runsRoot()});
    expectLossFalls(second);
    // it started where the first run ended, not from scratch
    EXPECT_LT(second.epochs.front().trainLoss, first.epochs.front().trainLoss);
    // block1 frozen, block2 + head trainable
    EXPECT_EQ(second.summary.trainableParameters, second.summary.totalParameters - (3 * 3 * 3 * 8 + 8));
}

TEST(RegimeTraining, CategoricalWithThreeClasses) {
    test::TinyExperiment tiny;
    // a third class: copies of the cats, flipped upside down
    std::filesystem::create_directories(tiny.dataRoot() / "owl");
    for (const auto& entry : std::filesystem::directory_iterator(tiny.dataRoot() / "cat")) {
        std::filesystem::copy_file(entry.path(), tiny.dataRoot() / "owl" / entry.path().filename());
    }
    const auto result = runExperiment(tiny.experiment, {tiny.runsRoot()});
    EXPECT_EQ(result.summary.classes, (std::vector<std::string>{"cat", "dog", "owl"}));
    EXPECT_EQ(result.summary.status, tl::RunStatus::Completed);
    EXPECT_GT(result.epochs.back().trainLoss, 0.0);
}

TEST(RegimeTraining, CorruptImagesAreSkippedNotFatal) {
    test::TinyExperiment tiny;
    {
        std::ofstream(tiny.dataRoot() / "cat/cat.broken.png") << "not a png";
        std::ofstream(tiny.dataRoot() / "dog/dog.empty.jpg");
    }
    std::vector<std::string> logs;
    RunRequest request{tiny.runsRoot()};
    request.callbacks.onLog = [&](const std::string& line) { logs.push_back(line); };
    const auto result = runExperiment(tiny.experiment, request);
    EXPECT_EQ(result.summary.status, tl::RunStatus::Completed);
    EXPECT_EQ(result.summary.skippedFiles, 2u);
    const auto mentions = [&](const std::string& name) {
        return std::any_of(logs.begin(), logs.end(),
                           [&](const std::string& l) { return l.find(name) != std::string::npos; });
    };
    EXPECT_TRUE(mentions("cat.broken.png"));
    EXPECT_TRUE(mentions("dog.empty.jpg"));
}

}  // namespace
}  // namespace tl

namespace tl {
namespace {

TEST(RegimeTraining, ADivergingLossEndsTheRunAsFailedAndSaysWhen) {
    test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 1;
    const auto first = runExperiment(tiny.experiment, {tiny.runsRoot()});
    ASSERT_EQ(first.summary.status, tl::RunStatus::Completed);
    // A weight that has already overflowed, as a too-large step leaves it: every later loss is NaN.
    // (A large learning rate alone does not always get there: it can also kill every ReLU and leave
    // a finite, constant loss, depending on the CPU's rounding.)
    const auto checkpoint = RunFolder::open(first.folder).checkpointFile();
    {
        Model model(tiny.experiment.model);
        model.load(checkpoint);
        torch::NoGradGuard noGrad;
        model.network().parameters().back().fill_(std::numeric_limits<float>::quiet_NaN());
        model.save(checkpoint);
    }
    auto diverging = tiny.experiment;
    diverging.training.regime = Regime::FineTune;
    diverging.training.initFromRun = first.folder;
    diverging.freeze = FreezePlan::trainableFrom("block2_conv1");
    diverging.training.epochs = 3;
    try {
        runExperiment(diverging, {tiny.runsRoot()});
        FAIL() << "the run should have stopped when its loss diverged";
    } catch (const RunFailed& failure) {
        const auto summary = RunFolder::open(failure.folder()).readSummary();
        EXPECT_EQ(summary.status, tl::RunStatus::Failed);
        EXPECT_NE(summary.error.find("the loss became NaN at epoch 1, batch 1"), std::string::npos) << summary.error;
        EXPECT_NE(summary.error.find("lower the learning rate"), std::string::npos) << summary.error;
    }
}

TEST(RegimeTraining, AFailureDuringTrainingKeepsTheFolderAndSaysWhere) {
    test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 3;
    RunRequest request{tiny.runsRoot()};
    int batches = 0;
    request.callbacks.onEpochEnd = [&](const EpochMetrics&) {
        if (++batches == 2) throw std::runtime_error("disk gone\nsecond line of detail");
    };
    try {
        runExperiment(tiny.experiment, request);
        FAIL() << "the run should have failed";
    } catch (const RunFailed& failure) {
        ASSERT_FALSE(failure.folder().empty());
        const auto folder = RunFolder::open(failure.folder());
        const auto summary = folder.readSummary();
        EXPECT_EQ(summary.status, tl::RunStatus::Failed);
        EXPECT_EQ(summary.error, "disk gone");  // one line for the user
        EXPECT_EQ(folder.readMetrics().size(), 1u) << "the finished epoch is kept";
        EXPECT_EQ(summary.batchesTrained, 8) << "every batch that ended, the failed epoch's too";
        EXPECT_NE(std::string(failure.what()).find(failure.folder().string()), std::string::npos);
    }
}

}  // namespace
}  // namespace tl
