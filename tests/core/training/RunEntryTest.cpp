#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "core/runs/RunEntry.h"
#include "core/runs/RunFolder.h"
#include "core/training/ExperimentRunner.h"
#include "core/util/Error.h"
#include "support/TempDir.h"
#include "support/TestImages.h"
#include "support/TrainingFixture.h"

namespace tl {
namespace {

using test::readBytes;
using test::writeBytes;

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

TEST(RunEntry, ARunningRunWhoseProcessIsGoneIsInterrupted) {
    test::TempDir root;
    auto run = makeRun(root.path(), "killed", "2026-01-01T10:00:00Z", "vgg16", true);
    RunSummary summary = run.readSummary();
    summary.status = RunStatus::Running;
    run.writeSummary(summary);
    EXPECT_TRUE(run.isInterrupted(summary)) << "running, and no lock: nobody writes it";

    run.writeLock();  // this process: alive
    EXPECT_FALSE(run.isInterrupted(summary));
    EXPECT_FALSE(listRuns(root.path())[0].interrupted);

    // The lock of a process that has ended (a child that exited, reaped).
    const pid_t child = fork();
    if (child == 0) _exit(0);
    ASSERT_GT(child, 0);
    waitpid(child, nullptr, 0);
    const auto lock = readBytes(run.lockFile());
    const auto at = lock.find("\"pid\":");
    ASSERT_NE(at, std::string::npos) << lock;
    const auto end = lock.find_first_of(",}", at);
    writeBytes(run.lockFile(), lock.substr(0, at) + "\"pid\":" + std::to_string(child) + lock.substr(end));
    EXPECT_TRUE(run.isInterrupted(summary));
    EXPECT_TRUE(listRuns(root.path())[0].interrupted);

    summary.status = RunStatus::Completed;
    EXPECT_FALSE(run.isInterrupted(summary)) << "only a running run can be interrupted";
}

TEST(RunEntry, AFinishedRunLeavesNoLock) {
    test::TinyExperiment tiny;
    tiny.experiment.training.epochs = 1;
    const auto result = runExperiment(tiny.experiment, {tiny.runsRoot()});
    EXPECT_FALSE(std::filesystem::exists(RunFolder::open(result.folder).lockFile()));
}

}  // namespace
}  // namespace tl
