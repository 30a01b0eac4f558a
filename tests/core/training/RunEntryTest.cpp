#include <gtest/gtest.h>

#include <fstream>

#include "core/runs/RunEntry.h"
#include "core/runs/RunFolder.h"
#include "core/util/Error.h"
#include "support/TempDir.h"

namespace tl {
namespace {

/// A run folder with an experiment.json, a summary and, when asked, a checkpoint file.
RunFolder makeRun(const std::filesystem::path& root, const std::string& name, const std::string& startedAt,
                  const std::string& backbone, bool checkpoint) {
    auto run = RunFolder::create(root, name);
    std::ofstream(run.experimentFile()) << "{}\n";
    RunSummary summary;
    summary.name = name;
    summary.status = RunStatus::Completed;
    summary.backbone = backbone;
    summary.classes = {"cat", "dog"};
    summary.startedAt = startedAt;
    run.writeSummary(summary);
    if (checkpoint) std::ofstream(run.checkpointFile()) << "x";
    return run;
}

TEST(RunEntry, ListsRunsNewestFirstAndSkipsOtherFolders) {
    test::TempDir root;
    makeRun(root.path(), "old", "2026-01-01T10:00:00Z", "vgg16", true);
    makeRun(root.path(), "new", "2026-03-01T10:00:00Z", "vgg16", false);
    makeRun(root.path(), "middle", "2026-02-01T10:00:00Z", "tiny", true);
    std::filesystem::create_directories(root.path() / "not-a-run");
    std::ofstream(root.path() / "stray.txt") << "x";

    const auto runs = listRuns(root.path());
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[0].summary->name, "new");
    EXPECT_EQ(runs[1].summary->name, "middle");
    EXPECT_EQ(runs[2].summary->name, "old");
    EXPECT_FALSE(runs[0].hasCheckpoint);
    EXPECT_TRUE(runs[2].hasCheckpoint);
}

TEST(RunEntry, CompatibleMeansSameBackboneSameClassesAndACheckpoint) {
    test::TempDir root;
    makeRun(root.path(), "a", "2026-01-01T10:00:00Z", "vgg16", true);
    makeRun(root.path(), "b", "2026-01-02T10:00:00Z", "vgg16", false);
    const auto runs = listRuns(root.path());
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_FALSE(runs[0].compatibleWith("vgg16", {"cat", "dog"}));  // no checkpoint
    EXPECT_TRUE(runs[1].compatibleWith("vgg16", {"cat", "dog"}));
    EXPECT_FALSE(runs[1].compatibleWith("tiny", {"cat", "dog"}));
    EXPECT_FALSE(runs[1].compatibleWith("vgg16", {"dog", "cat"}));
}

TEST(RunEntry, AnUnreadableSummaryStillListsTheRun) {
    test::TempDir root;
    const auto run = makeRun(root.path(), "broken", "2026-01-01T10:00:00Z", "vgg16", true);
    std::ofstream(run.summaryFile()) << "{ not json";
    const auto runs = listRuns(root.path());
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_FALSE(runs[0].summary.has_value());
    EXPECT_TRUE(listRuns(root.path() / "missing").empty());
}

TEST(RunStatus, RoundTripsThroughItsWordAndRefusesOthers) {
    for (auto status : {RunStatus::Running, RunStatus::Completed, RunStatus::Stopped, RunStatus::Failed}) {
        EXPECT_EQ(parseRunStatus(toString(status)), status);
    }
    EXPECT_THROW(parseRunStatus("done"), Error);
}

}  // namespace
}  // namespace tl
