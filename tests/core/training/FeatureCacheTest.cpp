#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "core/util/Error.h"

#include "core/training/ExperimentRunner.h"
#include "core/training/NpyFile.h"
#include "support/SmallDisk.h"
#include "support/TrainingFixture.h"

namespace tl {
namespace {

/// A feature-extraction run on the tiny experiment, with its log.
struct FeRun {
    RunResult result;
    std::vector<std::string> log;
    bool logSays(const std::string& text) const {
        return std::any_of(log.begin(), log.end(),
                           [&](const std::string& line) { return line.find(text) != std::string::npos; });
    }
};

FeRun runFe(const test::TinyExperiment& tiny, const std::filesystem::path& cache,
            Precision precision = Precision::Fp32) {
    auto experiment = tiny.experiment;
    experiment.training.regime = Regime::FeatureExtraction;
    experiment.training.precision = precision;
    experiment.training.epochs = 1;
    FeRun run;
    RunRequest request{tiny.runsRoot()};
    request.featureCache = cache;
    request.callbacks.onLog = [&](const std::string& line) { run.log.push_back(line); };
    run.result = runExperiment(experiment, request);
    return run;
}

std::vector<std::filesystem::path> entries(const std::filesystem::path& cache) {
    std::vector<std::filesystem::path> found;
    for (const auto& item : std::filesystem::directory_iterator(cache)) found.push_back(item.path());
    return found;
}

TEST(FeatureCache, ASecondRunReadsTheFeaturesInsteadOfComputingThem) {
    test::TinyExperiment tiny;
    const auto cache = tiny.folder / "cache";
    const auto first = runFe(tiny, cache);
    ASSERT_EQ(first.result.summary.status, tl::RunStatus::Completed);
    EXPECT_FALSE(first.logSays("read from the cache"));
    ASSERT_EQ(entries(cache).size(), 2u);  // train and validation

    // Overwrite the cached training features with zeros: a run that reads them trains on zeros.
    for (const auto& entry : entries(cache)) {
        const auto features = readNpy(entry / "features.npy");
        if (features.shape[0] != 16) continue;  // the validation entry
        const std::vector<float> zeros(features.values.size(), 0.0f);
        writeNpy(entry / "features.npy", features.shape, zeros.data());
    }
    const auto second = runFe(tiny, cache);
    ASSERT_EQ(second.result.summary.status, tl::RunStatus::Completed);
    EXPECT_TRUE(second.logSays("train features read from the cache"));
    EXPECT_TRUE(second.logSays("validation features read from the cache"));
    const auto written = readNpy(second.result.folder / "features/train_features.npy");
    EXPECT_TRUE(std::all_of(written.values.begin(), written.values.end(), [](float v) { return v == 0.0f; }));
    const auto original = readNpy(first.result.folder / "features/validation_features.npy");
    EXPECT_EQ(readNpy(second.result.folder / "features/validation_features.npy").values, original.values);
}

TEST(FeatureCache, AChangedFileOrPrecisionMakesANewEntry) {
    test::TinyExperiment tiny;
    const auto cache = tiny.folder / "cache";
    runFe(tiny, cache);
    ASSERT_EQ(entries(cache).size(), 2u);

    runFe(tiny, cache, Precision::Bf16);  // other numbers: other entries
    EXPECT_EQ(entries(cache).size(), 4u);

    // Touch one training image: its split's features are computed again, the other split's are not.
    auto anyImage = std::filesystem::recursive_directory_iterator(tiny.dataRoot());
    std::filesystem::path image;
    for (const auto& item : anyImage) {
        if (item.is_regular_file()) image = item.path();
    }
    ASSERT_FALSE(image.empty());
    std::filesystem::last_write_time(image, std::filesystem::last_write_time(image) + std::chrono::seconds(5));
    const auto again = runFe(tiny, cache);
    EXPECT_EQ(again.result.summary.status, tl::RunStatus::Completed);
    // the touched image is in exactly one split: one of the two entries is new
    EXPECT_EQ(entries(cache).size(), 5u);
}

TEST(FeatureCache, AnUnwritableCacheDoesNotFailTheRun) {
    test::TinyExperiment tiny;
    const auto cache = tiny.folder / "not-a-folder";
    { std::ofstream(cache) << "x"; }
    const auto run = runFe(tiny, cache);
    EXPECT_EQ(run.result.summary.status, tl::RunStatus::Completed);
    EXPECT_TRUE(run.logSays("features not cached"));
}

TEST(FeatureCache, AFullDiskLeavesNoHalfWrittenEntryAndTheRunCompletes) {
    test::TinyExperiment tiny;
    const test::SmallDisk disk(tiny.folder / "disk", 8 * 1024);
    if (!disk.mounted()) GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
    const auto cache = disk.path() / "features";
    std::filesystem::create_directories(cache);
    // Leave far less room than the training split's features need.
    { std::ofstream(disk.path() / "filler") << std::string(7 * 1024, 'x'); }
    const auto run = runFe(tiny, cache);
    EXPECT_EQ(run.result.summary.status, tl::RunStatus::Completed) << run.result.summary.error;
    EXPECT_TRUE(run.logSays("features not cached")) << "the write failure is said";
    EXPECT_TRUE(entries(cache).empty()) << "no .incoming folder nor a partial entry is left";

    // With room again, the next run stores its entries and a third reads them.
    std::filesystem::remove(disk.path() / "filler");
    const test::SmallDisk roomy(tiny.folder / "roomy", 4 * 1024 * 1024);
    const auto second = runFe(tiny, roomy.path() / "features");
    ASSERT_EQ(second.result.summary.status, tl::RunStatus::Completed);
    EXPECT_EQ(entries(roomy.path() / "features").size(), 2u);
    EXPECT_TRUE(runFe(tiny, roomy.path() / "features").logSays("read from the cache"));
}

TEST(NpyMapping, MapsFloat32FilesAndRefusesOthers) {
    test::TinyExperiment tiny;
    const std::vector<float> values{1, 2, 3, 4, 5, 6};
    writeNpy(tiny.folder / "a.npy", {2, 3}, values.data());
    const auto mapped = mapNpy(tiny.folder / "a.npy");
    EXPECT_EQ(mapped.shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(std::vector<float>(mapped.values, mapped.values + 6), values);
    writeNpy(tiny.folder / "b.npy", {6}, values.data(), true);
    EXPECT_THROW(mapNpy(tiny.folder / "b.npy"), Error);
}

}  // namespace
}  // namespace tl
