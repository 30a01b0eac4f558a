#include "core/runs/RunIndex.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/runs/RunFolder.h"
#include "core/runs/WeightsLineage.h"
#include "core/training/ExperimentFile.h"
#include "core/util/Error.h"
#include "core/util/SqliteDatabase.h"
#include "support/FinishedRun.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

RunFolder makeRun(const std::filesystem::path& root, const std::string& name, Regime regime,
                  const std::string& startedAt, double bestAccuracy) {
    return test::writeFinishedRun(root, name, regime, startedAt, bestAccuracy);
}

std::int64_t rowsInDatabase(const std::filesystem::path& root) {
    SqliteDatabase database(root / RunIndex::kFileName);
    return database.queryInteger("SELECT COUNT(*) FROM runs");
}

TEST(RunIndex, ListsWhatTheFoldersSayNewestFirstInAWalDatabase) {
    test::TempDir root;
    makeRun(root.path(), "scratch", Regime::Scratch, "2026-01-01T10:00:00Z", 0.70);
    const auto fine = makeRun(root.path(), "fine", Regime::FineTune, "2026-01-02T10:00:00Z", 0.97);
    fine.writeEvaluation("test", {0.965, 0.1, 1000, "model-best.pt", "2026-01-02T11:00:00Z"});
    std::filesystem::create_directory(root / "not-a-run");

    RunIndex index(root.path());
    const auto runs = index.refresh();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].name, "fine");
    EXPECT_EQ(runs[0].regimeLabel(), "fine-tune");
    EXPECT_TRUE(runs[0].augmented);
    EXPECT_EQ(runs[0].weights, "vgg16_notop.h5");
    EXPECT_EQ(runs[0].frozen, "the base before block5_conv1");
    EXPECT_EQ(runs[0].bestEpoch, 12);
    EXPECT_DOUBLE_EQ(runs[0].bestValidationAccuracy.value_or(0), 0.97);
    EXPECT_DOUBLE_EQ(runs[0].testAccuracy.value_or(0), 0.965);
    EXPECT_EQ(runs[0].status, "completed");
    EXPECT_TRUE(runs[0].hasCheckpoint);
    EXPECT_EQ(runs[1].name, "scratch");
    EXPECT_EQ(runs[1].weights, "random");
    EXPECT_EQ(runs[1].frozen, "nothing");
    EXPECT_FALSE(runs[1].testAccuracy.has_value()) << "never evaluated on the test split";
    EXPECT_TRUE(index.notice().empty()) << index.notice();

    EXPECT_EQ(index.databaseFile(), root / RunIndex::kFileName);
    SqliteDatabase database(root / RunIndex::kFileName);
    EXPECT_EQ(database.queryText("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(database.queryInteger("SELECT COUNT(*) FROM runs"), 2);
}

TEST(RunIndex, KeepsRowsAcrossOpeningsAndFollowsChangedAndDeletedFolders) {
    test::TempDir root;
    const auto a = makeRun(root.path(), "a", Regime::FeatureExtraction, "2026-01-01T10:00:00Z", 0.90);
    const auto b = makeRun(root.path(), "b", Regime::FeatureExtractionAug, "2026-01-02T10:00:00Z", 0.96);
    RunIndex(root.path()).refresh();
    ASSERT_EQ(rowsInDatabase(root.path()), 2);

    // The rows come back from the database: a row whose files did not change is not read again.
    SqliteDatabase(root / RunIndex::kFileName).execute("UPDATE runs SET name = 'from the database'");
    auto runs = RunIndex(root.path()).refresh();
    EXPECT_EQ(runs[0].name, "from the database");

    auto summary = b.readSummary();
    summary.status = RunStatus::Stopped;
    summary.epochsCompleted = 7;
    b.writeSummary(summary);
    a.writeEvaluation("test", {0.9, 0.3, 1000, "model.pt", "2026-01-03T10:00:00Z"});
    runs = RunIndex(root.path()).refresh();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].name, "b") << "its summary changed, so the folder was read again";
    EXPECT_EQ(runs[0].status, "stopped");
    EXPECT_EQ(runs[0].epochsCompleted, 7);
    EXPECT_DOUBLE_EQ(runs[1].testAccuracy.value_or(0), 0.9);

    std::filesystem::remove_all(b.path());
    runs = RunIndex(root.path()).refresh();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].name, "a");
    EXPECT_EQ(rowsInDatabase(root.path()), 1);
}

TEST(RunIndex, ALostDatabaseIsRebuiltFromTheFolders) {
    test::TempDir root;
    makeRun(root.path(), "a", Regime::Scratch, "2026-01-01T10:00:00Z", 0.7);
    makeRun(root.path(), "b", Regime::Scratch, "2026-01-02T10:00:00Z", 0.8);
    const auto before = RunIndex(root.path()).refresh();
    for (const char* file : {"runs.sqlite", "runs.sqlite-wal", "runs.sqlite-shm"}) {
        std::filesystem::remove(root / file);
    }
    RunIndex index(root.path());
    const auto after = index.refresh();
    ASSERT_EQ(after.size(), before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        EXPECT_EQ(after[i].folderName, before[i].folderName);
        EXPECT_EQ(after[i].bestValidationAccuracy, before[i].bestValidationAccuracy);
    }
    EXPECT_TRUE(index.notice().empty());
    EXPECT_EQ(rowsInDatabase(root.path()), 2);
}

TEST(RunIndex, ADamagedDatabaseIsMovedAsideAndRebuilt) {
    test::TempDir root;
    makeRun(root.path(), "a", Regime::Scratch, "2026-01-01T10:00:00Z", 0.7);
    test::writeBytes(root / RunIndex::kFileName, std::string(4096, 'x'));

    RunIndex index(root.path());
    const auto runs = index.refresh();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_NE(index.notice().find("damaged"), std::string::npos) << index.notice();
    EXPECT_NE(index.notice().find("rebuilt"), std::string::npos) << index.notice();
    bool movedAside = false;
    for (const auto& item : std::filesystem::directory_iterator(root.path())) {
        if (item.path().filename().string().rfind("runs.sqlite.damaged-", 0) == 0) {
            movedAside = true;
            EXPECT_EQ(test::readBytes(item.path()), std::string(4096, 'x')) << "the damaged file is kept as it was";
        }
    }
    EXPECT_TRUE(movedAside);
    EXPECT_EQ(rowsInDatabase(root.path()), 1);
}

TEST(RunIndex, ARunWhoseProcessIsGoneShowsAsInterruptedAndAnUnreadableOneAsSuch) {
    test::TempDir root;
    const auto run = makeRun(root.path(), "killed", Regime::Scratch, "2026-01-01T10:00:00Z", 0.7);
    auto summary = run.readSummary();
    summary.status = RunStatus::Running;
    run.writeSummary(summary);
    run.writeLock();  // this process: alive

    RunIndex index(root.path());
    EXPECT_EQ(index.refresh()[0].status, "running");
    run.removeLock();  // as if its process had died: no file but the lock changes
    EXPECT_EQ(index.refresh()[0].status, "interrupted");

    const auto broken = makeRun(root.path(), "broken", Regime::Scratch, "2026-01-02T10:00:00Z", 0.7);
    test::writeBytes(broken.summaryFile(), "{ not json");
    const auto runs = index.refresh();
    ASSERT_EQ(runs.size(), 2u);
    const auto& unreadable = runs[0].name == "broken" ? runs[0] : runs[1];
    EXPECT_EQ(unreadable.status, "unreadable");
    EXPECT_NE(unreadable.error.find("summary.json"), std::string::npos) << unreadable.error;
}

TEST(RunIndex, FindsARunByFolderNameAPartOfItOrItsPath) {
    test::TempDir root;
    const auto fe = makeRun(root.path(), "fe", Regime::FeatureExtraction, "2026-01-01T10:00:00Z", 0.9);
    const auto feAug = makeRun(root.path(), "fe-aug", Regime::FeatureExtractionAug, "2026-01-02T10:00:00Z", 0.96);
    RunIndex index(root.path());
    EXPECT_EQ(index.find(fe.path().filename().string()).name, "fe");
    EXPECT_EQ(index.find("aug").name, "fe-aug");
    EXPECT_EQ(index.find(feAug.path().string()).name, "fe-aug");
    try {
        index.find("-fe");
        FAIL() << "both folders hold '-fe'";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("matches 2 runs"), std::string::npos) << error.what();
    }
    EXPECT_THROW(index.find("fine-tune"), Error);
}

}  // namespace
}  // namespace tl

namespace tl {
namespace {

TEST(RunIndex, AFineTunedRunShowsTheWeightsItsSourceRunStartedFrom) {
    test::TempDir root;
    const auto source = makeRun(root.path(), "fe-aug", Regime::FeatureExtractionAug, "2026-01-01T10:00:00Z", 0.96);
    const auto fine = makeRun(root.path(), "fine", Regime::FineTune, "2026-01-02T10:00:00Z", 0.97);
    auto experiment = loadExperiment(fine.experimentFile());
    experiment.weights = "random";  // the base comes from the source run's checkpoint
    experiment.training.initFromRun = source.path();
    saveExperiment(experiment, fine.experimentFile());
    const auto runs = RunIndex(root.path()).refresh();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].name, "fine");
    EXPECT_EQ(runs[0].weights, "vgg16_notop.h5");

    // the source gone: only what the run itself says
    std::filesystem::remove_all(source.path());
    EXPECT_EQ(originalWeights(experiment), "random");
}

}  // namespace
}  // namespace tl
