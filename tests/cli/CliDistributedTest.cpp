// Data-parallel training through c10d on loopback: two processes on a global batch of 2B compute
// what one process computes on batch 2B, only rank 0 writes, and a rank that dies or hangs ends
// the whole run naming it.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/CliRunner.h"
#include "core/models/Model.h"
#include "core/models/internal/Network.h"
#include "core/runs/RunFolder.h"
#include "core/training/ExperimentFile.h"
#include "core/training/LocalRanks.h"
#include "support/ErrorText.h"
#include "support/TestImages.h"
#include "support/TrainingFixture.h"

extern char** environ;

namespace tl {
namespace {

using test::contains;
using test::runCli;

/// The tiny experiment as a file, deterministic: one thread per process, no dropout, fp32 (bf16
/// rounds differently when oneDNN picks another kernel for another batch size).
struct DistributedFixture {
    test::TinyExperiment tiny{24};
    std::filesystem::path experimentFile = tiny.folder / "experiment.json";

    explicit DistributedFixture(Regime regime) {
        auto& e = tiny.experiment;
        e.training.regime = regime;
        e.training.epochs = 2;
        e.training.batchSize = 8;  // the global batch: 4 rows per rank
        e.training.threads = 1;
        e.data.counts = {10, 4, 4};  // 20 training images: batches of 8, 8 and 4
        e.model.head.dropout = 0.0;
        e.training.precision = Precision::Fp32;
    }
    void save() const { saveExperiment(tiny.experiment, experimentFile); }

    /// Trains the saved experiment into runs root `root` with `extra` flags; returns the run folder.
    std::filesystem::path train(const std::string& root, const std::vector<std::string>& extra) const {
        std::vector<std::string> arguments{
            "train", experimentFile.string(), "--runs", (tiny.folder / root).string(), "--no-feature-cache", "--json"};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        const auto result = runCli(arguments);
        EXPECT_EQ(result.exitCode, 0) << result.err;
        return nlohmann::json::parse(result.lastLine())["run_folder"].get<std::string>();
    }
};

std::size_t entriesIn(const std::filesystem::path& folder) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++count;
    return count;
}

/// Same epochs (loss to a float tolerance, accuracy exactly) and the same parameters.
void expectSameTraining(const Experiment& experiment, const std::filesystem::path& oneProcess,
                        const std::filesystem::path& twoProcesses) {
    const auto one = RunFolder::open(oneProcess), two = RunFolder::open(twoProcesses);
    const auto epochsOne = one.readMetrics(), epochsTwo = two.readMetrics();
    ASSERT_EQ(epochsOne.size(), epochsTwo.size());
    for (std::size_t i = 0; i < epochsOne.size(); ++i) {
        EXPECT_NEAR(epochsOne[i].trainLoss, epochsTwo[i].trainLoss, 1e-5) << "epoch " << i + 1;
        EXPECT_DOUBLE_EQ(epochsOne[i].trainAccuracy, epochsTwo[i].trainAccuracy) << "epoch " << i + 1;
        EXPECT_NEAR(epochsOne[i].validationLoss, epochsTwo[i].validationLoss, 1e-5) << "epoch " << i + 1;
        EXPECT_DOUBLE_EQ(epochsOne[i].validationAccuracy, epochsTwo[i].validationAccuracy) << "epoch " << i + 1;
    }
    EXPECT_EQ(one.readBatches().size(), two.readBatches().size());
    Model a(experiment.model), b(experiment.model);
    a.load(one.checkpointFile());
    b.load(two.checkpointFile());
    const auto pa = a.network().named_parameters(), pb = b.network().named_parameters();
    ASSERT_EQ(pa.size(), pb.size());
    double largest = 0;
    for (const auto& item : pa) {
        largest = std::max(largest, (item.value() - pb[item.key()]).abs().max().item<double>());
    }
    EXPECT_LT(largest, 1e-5) << "largest parameter difference";
    // Training changed the weights at all: the comparison is not between two initialisations.
    Model initial(experiment.model);
    EXPECT_GT((initial.network().parameters().back() - a.network().parameters().back()).abs().max().item<double>(),
              1e-4);
}

TEST(DataParallel, TwoProcessesTrainAFrozenBaseAndHeadAsOneDoesOnTheWholeBatch) {
    DistributedFixture fixture(Regime::FeatureExtraction);
    fixture.save();
    const auto one = fixture.train("one", {});
    const auto two = fixture.train("two", {"--nproc", "2"});
    expectSameTraining(fixture.tiny.experiment, one, two);
    EXPECT_EQ(entriesIn(fixture.tiny.folder / "two"), 1u) << "rank 1 made no run folder";
    EXPECT_TRUE(std::filesystem::exists(RunFolder::open(two).featuresFolder() / "train_features.npy"));
}

TEST(DataParallel, TwoProcessesFineTuneAPartlyUnfrozenNetworkAsOneDoes) {
    DistributedFixture source(Regime::Scratch);
    source.tiny.experiment.training.epochs = 1;
    source.save();
    const auto from = source.train("source", {});
    DistributedFixture fixture(Regime::FineTune);
    fixture.tiny.experiment.training.initFromRun = from;
    fixture.tiny.experiment.freeze = FreezePlan::trainableFrom("block2_conv1");
    fixture.tiny.experiment.training.optimizer.learningRate = 1e-3;
    fixture.tiny.experiment.training.augment = true;
    fixture.save();
    // Exact augmentation (each rank decodes and augments its rows) and the pool (each rank builds
    // the pool of its images, then all share it).
    for (const std::string pool : {"0", "2"}) {
        const auto one = fixture.train("one-" + pool, {"--pool", pool});
        const auto two = fixture.train("two-" + pool, {"--pool", pool, "--nproc", "2"});
        SCOPED_TRACE("pool " + pool);
        expectSameTraining(fixture.tiny.experiment, one, two);
        EXPECT_EQ(entriesIn(fixture.tiny.folder / ("two-" + pool)), 1u);
    }
}

// The window's way: this process is rank 0 with its own callbacks; transferlab-cli runs the others.
TEST(DataParallel, AWindowRunIsRankZeroWithItsCallbacksAndTrainsAsOneProcessDoes) {
    DistributedFixture fixture(Regime::Scratch);
    fixture.save();
    const auto one = fixture.train("one", {});
    int batches = 0;
    RunRequest request;
    request.runsRoot = fixture.tiny.folder / "two";
    request.featureCache.clear();
    request.callbacks.onBatchEnd = [&](const BatchMetrics&) { ++batches; };
    const auto result = runOnLocalRanks(fixture.tiny.experiment, request, 2, TRANSFERLAB_CLI);
    EXPECT_EQ(result.summary.status, RunStatus::Completed);
    EXPECT_EQ(batches, 6) << "2 epochs of 3 global batches, reported once";
    expectSameTraining(fixture.tiny.experiment, one, result.folder);
    EXPECT_EQ(entriesIn(fixture.tiny.folder / "two"), 1u);
    EXPECT_TRUE(
        contains(test::errorOf([&] { runOnLocalRanks(fixture.tiny.experiment, request, 2, "/nonexistent/cli"); }),
                 "/nonexistent/cli"));
}

/// A launcher started in the background: its PID, and its output in files.
struct BackgroundCli {
    pid_t pid = 0;
    test::TempDir capture;

    explicit BackgroundCli(const std::vector<std::string>& arguments) {
        std::string command = "exec '" + std::string(TRANSFERLAB_CLI) + "'";
        for (const auto& argument : arguments) command += " '" + argument + "'";
        command += " >'" + (capture / "out").string() + "' 2>'" + (capture / "err").string() + "' </dev/null";
        std::vector<std::string> argv{"/bin/sh", "-c", command};
        std::vector<char*> pointers;
        for (auto& word : argv) pointers.push_back(word.data());
        pointers.push_back(nullptr);
        EXPECT_EQ(posix_spawn(&pid, "/bin/sh", nullptr, nullptr, pointers.data(), environ), 0);
    }
    int wait() {
        int status = 0;
        waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::string err() const { return test::readBytes(capture / "err"); }
};

/// The PID of the launcher's child that runs `rank` (its environment says RANK=<rank>); 0 if none.
pid_t rankProcess(pid_t launcher, int rank) {
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat(entry.path() / "stat");
        std::string pid, comm, state;
        pid_t parent = 0;
        if (!(stat >> pid >> comm >> state >> parent) || parent != launcher) continue;
        // /proc/PID/environ: NUL-separated NAME=VALUE entries.
        const auto environment = std::string(1, '\0') + test::readBytes(entry.path() / "environ");
        if (environment.find(std::string(1, '\0') + "RANK=" + std::to_string(rank) + '\0') != std::string::npos) {
            return static_cast<pid_t>(std::stol(name));
        }
    }
    return 0;
}

/// Waits (up to a minute) until the only run folder under `root` has finished `epochs` epochs.
std::filesystem::path waitForEpochs(const std::filesystem::path& root, int epochs) {
    for (int attempt = 0; attempt < 1200; ++attempt) {
        if (std::filesystem::exists(root)) {
            for (const auto& entry : std::filesystem::directory_iterator(root)) {
                try {
                    if (RunFolder::open(entry.path()).readSummary().epochsCompleted >= epochs) return entry.path();
                } catch (const std::exception&) {
                    // not written yet
                }
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return {};
}

TEST(DataParallel, AKilledRankEndsTheWholeRunNamingItAndKeepsTheFinishedEpochs) {
    DistributedFixture fixture(Regime::Scratch);
    fixture.tiny.experiment.training.epochs = 500;  // far longer than the test waits
    fixture.save();
    const auto root = fixture.tiny.folder / "runs";
    BackgroundCli launcher({"train", fixture.experimentFile.string(), "--runs", root.string(), "--nproc", "2"});
    const auto folder = waitForEpochs(root, 2);
    ASSERT_FALSE(folder.empty()) << launcher.err();
    const auto victim = rankProcess(launcher.pid, 1);
    ASSERT_NE(victim, 0);
    kill(victim, SIGKILL);
    EXPECT_EQ(launcher.wait(), 1);
    EXPECT_TRUE(contains(launcher.err(), "rank 1 was killed by signal 9")) << launcher.err();
    const auto run = RunFolder::open(folder);
    const auto summary = run.readSummary();
    EXPECT_EQ(summary.status, RunStatus::Failed);
    EXPECT_GE(summary.epochsCompleted, 2);
    EXPECT_EQ(run.readMetrics().size(), static_cast<std::size_t>(summary.epochsCompleted));
    EXPECT_FALSE(std::filesystem::exists(run.lockFile()));
}

TEST(DataParallel, AHungRankEndsTheRunWithinTheTimeoutNamingIt) {
    DistributedFixture fixture(Regime::Scratch);
    fixture.tiny.experiment.training.epochs = 500;
    fixture.save();
    const auto root = fixture.tiny.folder / "runs";
    BackgroundCli launcher(
        {"train", fixture.experimentFile.string(), "--runs", root.string(), "--nproc", "2", "--dist-timeout", "3"});
    const auto folder = waitForEpochs(root, 1);
    ASSERT_FALSE(folder.empty()) << launcher.err();
    const auto victim = rankProcess(launcher.pid, 1);
    ASSERT_NE(victim, 0);
    kill(victim, SIGSTOP);  // alive, holding its sockets, answering nothing
    EXPECT_EQ(launcher.wait(), 1);
    const auto summary = RunFolder::open(folder).readSummary();
    EXPECT_EQ(summary.status, RunStatus::Failed);
    EXPECT_TRUE(contains(summary.error, "rank 1")) << summary.error;
    EXPECT_TRUE(contains(launcher.err(), "rank 0 exited with code 1")) << launcher.err();
}

TEST(DataParallel, SigtermStopsEveryRankAndTheRunKeepsWhatItMeasured) {
    DistributedFixture fixture(Regime::Scratch);
    fixture.tiny.experiment.training.epochs = 500;
    fixture.save();
    const auto root = fixture.tiny.folder / "runs";
    BackgroundCli launcher({"train", fixture.experimentFile.string(), "--runs", root.string(), "--nproc", "2"});
    const auto folder = waitForEpochs(root, 1);
    ASSERT_FALSE(folder.empty()) << launcher.err();
    kill(launcher.pid, SIGTERM);
    EXPECT_EQ(launcher.wait(), 130) << launcher.err();
    const auto summary = RunFolder::open(folder).readSummary();
    EXPECT_EQ(summary.status, RunStatus::Stopped);
    EXPECT_GE(summary.epochsCompleted, 1);
}

TEST(DataParallel, BenchMeasuresOneAndTwoProcessesWithTheirAllReduce) {
    DistributedFixture fixture(Regime::Scratch);
    const auto result = runCli({"bench", fixture.tiny.dataRoot().string(), "--nproc", "1,2", "--backbone", "tiny",
                                "--input", "32", "--per-class", "20", "--train-batches", "2", "--fine-tune-from",
                                "block2_conv1", "--threads", "2", "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto report = nlohmann::json::parse(result.lastLine());
    for (const std::string part : {"head", "block5"}) {
        const auto& rows = report["scaling"][part];
        ASSERT_TRUE(rows.contains("1") && rows.contains("2")) << report.dump();
        EXPECT_GT(rows["1"]["seconds_per_batch"].get<double>(), 0);
        EXPECT_EQ(rows["2"]["threads_per_process"], 1) << "two cores shared out";
        EXPECT_GT(rows["2"]["gradient_mb_per_step"].get<double>(), 0) << "two ranks all-reduce";
        EXPECT_EQ(rows["1"]["gradient_mb_per_step"].get<double>(), 0) << "one process sends nothing";
    }
    // Unfreezing more of the base sends more gradients.
    EXPECT_GT(report["scaling"]["block5"]["2"]["gradient_mb_per_step"].get<double>(),
              report["scaling"]["head"]["2"]["gradient_mb_per_step"].get<double>());
}

TEST(DataParallel, BadLauncherOptionsAreUsageErrors) {
    DistributedFixture fixture(Regime::Scratch);
    fixture.save();
    const auto bad = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> arguments{"train", fixture.experimentFile.string(), "--runs",
                                           (fixture.tiny.folder / "runs").string()};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        return runCli(arguments);
    };
    const auto zero = bad({"--nproc", "0"});
    EXPECT_EQ(zero.exitCode, 2);
    EXPECT_TRUE(contains(zero.err, "--nproc must be from 1")) << zero.err;
    const auto nodes = bad({"--nnodes", "2"});
    EXPECT_EQ(nodes.exitCode, 2);
    EXPECT_TRUE(contains(nodes.err, "needs --master")) << nodes.err;
    const auto master = bad({"--nproc", "2", "--master", "localhost"});
    EXPECT_EQ(master.exitCode, 2);
    EXPECT_TRUE(contains(master.err, "ADDR:PORT")) << master.err;
    EXPECT_FALSE(std::filesystem::exists(fixture.tiny.folder / "runs")) << "nothing written";
}

}  // namespace
}  // namespace tl
