#include <gtest/gtest.h>

#include <fstream>

#include "core/data/DatasetSplitter.h"
#include "core/runs/RunFolder.h"
#include "core/runs/TrainedRun.h"
#include "core/training/ExperimentFile.h"
#include "core/training/ExperimentRunner.h"
#include "core/util/AtomicFile.h"
#include "core/util/Error.h"
#include "support/TestImages.h"
#include "support/TrainingFixture.h"

namespace tl {
namespace {

std::size_t lineCount(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::size_t lines = 0;
    for (std::string line; std::getline(in, line);) ++lines;
    return lines;
}

TEST(RunFolder, TheRecordedDataPathIsAbsolute) {
    test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 1;
    tiny.experiment.data.root = std::filesystem::relative(tiny.dataRoot());  // as typed on a command line
    ASSERT_TRUE(tiny.experiment.data.root.is_relative());
    const auto result = runExperiment(tiny.experiment, {tiny.runsRoot()});
    const auto recorded = loadExperiment(RunFolder::open(result.folder).experimentFile());
    EXPECT_TRUE(recorded.data.root.is_absolute()) << recorded.data.root;
    EXPECT_TRUE(std::filesystem::equivalent(recorded.data.root, tiny.dataRoot()));
}

TEST(RunFolder, ARunWritesEveryFile) {
    test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 3;
    const auto result = runExperiment(tiny.experiment, {tiny.runsRoot()});
    const auto folder = RunFolder::open(result.folder);
    EXPECT_EQ(result.folder.parent_path(), tiny.runsRoot());

    const auto experiment = loadExperiment(folder.experimentFile());
    EXPECT_EQ(experiment.name, "tiny");
    EXPECT_EQ(experiment.model.backbone, "tiny");
    EXPECT_EQ(experiment.training.epochs, 3);

    const auto split = loadSplitFile(folder.splitFile());
    EXPECT_EQ(split.train.size(), 16u);
    EXPECT_EQ(split.validation.size(), 8u);
    EXPECT_EQ(split.test.size(), 8u);

    EXPECT_EQ(lineCount(folder.metricsFile()), 1 + 3u);
    EXPECT_EQ(lineCount(folder.batchesFile()), 1 + 3 * 4u);
    const auto metrics = folder.readMetrics();
    ASSERT_EQ(metrics.size(), 3u);
    EXPECT_EQ(metrics[2].epoch, 3);
    EXPECT_NEAR(metrics[2].validationAccuracy, result.epochs[2].validationAccuracy, 1e-6);
    const auto batches = folder.readBatches();
    ASSERT_EQ(batches.size(), 12u);
    EXPECT_EQ(batches.back().globalBatch, 12);
    EXPECT_EQ(batches.back().epoch, 3);
    EXPECT_EQ(batches.back().batchesPerEpoch, 4);
    EXPECT_EQ(batches.back().totalBatches, 12);

    const auto summary = folder.readSummary();
    EXPECT_EQ(summary.status, tl::RunStatus::Completed);
    EXPECT_EQ(summary.epochsCompleted, 3);
    EXPECT_EQ(summary.classes, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_EQ(summary.trainImages, 16u);
    EXPECT_GT(summary.totalParameters, 0);

    // the checkpoint reproduces the model
    const auto loaded = TrainedRun::load(result.folder);
    EXPECT_EQ(loaded.model.summary().totalParameters, summary.totalParameters);
    // no temporary files left behind by the atomic writes
    for (const auto& entry : std::filesystem::directory_iterator(result.folder)) {
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
    }
}

TEST(RunFolder, NamesAreUniqueAndOpenRefusesOtherFolders) {
    test::TempDir root;
    const auto a = RunFolder::create(root.path(), "same name");
    const auto b = RunFolder::create(root.path(), "same name");
    EXPECT_NE(a.path(), b.path());
    EXPECT_NE(a.path().filename().string().find("same-name"), std::string::npos);
    EXPECT_THROW(RunFolder::open(root.path()), Error);
}

TEST(RunFolder, BadInputFailsBeforeAnyFolderIsMade) {
    test::TinyExperiment tiny;
    tiny.experiment.freeze = FreezePlan::trainableFrom("block9_conv1");
    EXPECT_THROW(runExperiment(tiny.experiment, {tiny.runsRoot()}), Error);
    EXPECT_FALSE(std::filesystem::exists(tiny.runsRoot()) && !std::filesystem::is_empty(tiny.runsRoot()));
}

TEST(AtomicFile, AFailedWriteLeavesTheOldFile) {
    test::TempDir folder;
    const auto file = folder / "a.txt";
    writeFileAtomically(file, std::string_view("old"));
    EXPECT_THROW(writeFileAtomically(file,
                                     [](const std::filesystem::path& temporary) {
                                         std::ofstream(temporary) << "half";
                                         throw Error("disk full");
                                     }),
                 Error);
    EXPECT_EQ(test::readBytes(file), "old");
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder.path())) ++entries;
    EXPECT_EQ(entries, 1u);
}

}  // namespace
}  // namespace tl
