#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/models/Model.h"
#include "core/training/ExperimentRunner.h"
#include "core/training/internal/AugmentationPool.h"
#include "core/training/internal/PooledBatchSource.h"
#include "support/TrainingFixture.h"

namespace tl {
namespace {

using internal::PooledBatchSource;

/// A pool of 4 images x 3 variants whose every value is its row number, labels 0 1 0 1.
struct NumberedPool {
    torch::Tensor pool = torch::arange(12, torch::kFloat32).reshape({12, 1});
    torch::Tensor targets = torch::tensor({0.f, 1.f, 0.f, 1.f}).reshape({4, 1});
};

TEST(PooledBatchSource, EachVisitTakesOneVariantOfItsImage) {
    NumberedPool numbered;
    PooledBatchSource source(numbered.pool, numbered.targets, 3, 3, 4, 7);  // 4 steps of 3: 12 visits
    EXPECT_EQ(source.batchesPerEpoch(), 4);
    std::set<int> variantsSeen;
    for (int epoch = 1; epoch <= 3; ++epoch) {
        source.startEpoch(epoch);
        std::vector<int> visits(4, 0);
        while (auto batch = source.next()) {
            for (std::int64_t i = 0; i < batch->inputs.size(0); ++i) {
                const int row = static_cast<int>(batch->inputs[i][0].item<float>());
                const int image = row % 4, variant = row / 4;
                ++visits[image];
                variantsSeen.insert(variant);
                EXPECT_EQ(batch->targets[i][0].item<float>(), static_cast<float>(image % 2)) << "row " << row;
            }
        }
        // three passes over the four images
        EXPECT_EQ(visits, (std::vector<int>{3, 3, 3, 3}));
    }
    EXPECT_EQ(variantsSeen, (std::set<int>{0, 1, 2}));
}

TEST(PooledBatchSource, TheSameSeedAndEpochGiveTheSameBatches) {
    NumberedPool numbered;
    PooledBatchSource a(numbered.pool, numbered.targets, 3, 2, 0, 5), b(numbered.pool, numbered.targets, 3, 2, 0, 5);
    auto rows = [](PooledBatchSource& source, int epoch) {
        std::vector<float> values;
        source.startEpoch(epoch);
        while (auto batch = source.next()) {
            for (std::int64_t i = 0; i < batch->inputs.size(0); ++i)
                values.push_back(batch->inputs[i][0].item<float>());
        }
        return values;
    };
    EXPECT_EQ(rows(a, 2), rows(b, 2));
    EXPECT_NE(rows(a, 1), rows(a, 2));
}

/// The tiny experiment, its log kept.
RunResult runLogged(const Experiment& experiment, const test::TinyExperiment& tiny, std::vector<std::string>& log) {
    RunRequest request{tiny.runsRoot()};
    request.featureCache = tiny.folder / "cache";
    request.callbacks.onLog = [&](const std::string& line) { log.push_back(line); };
    request.callbacks.onProgress = [&](const auto& progress) { log.push_back("progress: " + progress.phase); };
    return runExperiment(experiment, request);
}

bool mentions(const std::vector<std::string>& log, const std::string& text) {
    return std::any_of(log.begin(), log.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

TEST(AugmentationPool, FrozenBaseTrainsFromThePoolAndLowersTheLoss) {
    test::TinyExperiment tiny;
    auto experiment = tiny.experiment;
    experiment.training.regime = Regime::FeatureExtractionAug;
    experiment.training.augmentation = AugmentationParams::classic();
    experiment.training.augmentationPool = 3;
    experiment.training.epochs = 6;
    std::vector<std::string> log;
    const auto result = runLogged(experiment, tiny, log);
    ASSERT_EQ(result.summary.status, tl::RunStatus::Completed);
    EXPECT_TRUE(mentions(log, "augmentation pool: 3 variants of 16 images")) << log.size();
    EXPECT_LT(result.epochs.back().trainLoss, result.epochs.front().trainLoss);
    EXPECT_GT(result.epochs.back().validationAccuracy, 0.0);
}

TEST(AugmentationPool, FineTuneTrainsTheUnfrozenBlockFromThePool) {
    test::TinyExperiment tiny;
    auto first = tiny.experiment;
    first.training.regime = Regime::FeatureExtractionAug;
    first.training.augmentation = {};
    std::vector<std::string> log;
    const auto source = runLogged(first, tiny, log);
    ASSERT_EQ(source.summary.status, tl::RunStatus::Completed);

    auto fineTune = tiny.experiment;
    fineTune.training.regime = Regime::FineTune;
    fineTune.training.initFromRun = source.folder;
    fineTune.training.optimizer.learningRate = 1e-3;
    fineTune.training.augmentation = AugmentationParams::classic();
    fineTune.training.augment = true;
    fineTune.training.augmentationPool = 2;
    fineTune.freeze = FreezePlan::trainableFrom("block2_conv1");
    log.clear();
    const auto result = runLogged(fineTune, tiny, log);
    ASSERT_EQ(result.summary.status, tl::RunStatus::Completed);
    EXPECT_TRUE(mentions(log, "augmentation pool: 2 variants"));
    EXPECT_TRUE(mentions(log, "progress: extracting validation frozen-prefix activations"));
    EXPECT_TRUE(mentions(log, "progress: building the augmentation pool"));
    EXPECT_LT(result.epochs.back().trainLoss, result.epochs.front().trainLoss);
}

TEST(AugmentationPool, OverTheMemoryBudgetItSaysSoAndBuildsNothing) {
    test::TinyExperiment tiny;
    Model model(ModelSpec{"tiny", {32, 32}, HeadSpec{Pooling::Flatten, 16, 0.0, 2}});
    model.applyFreeze(FreezePlan::trainableFrom("block2_conv1"));
    internal::ComputePath path(model.network(), Precision::Fp32);
    std::vector<Sample> samples;
    for (const auto& item : std::filesystem::recursive_directory_iterator(tiny.dataRoot())) {
        if (item.is_regular_file()) samples.push_back({item.path(), static_cast<int>(samples.size() % 2)});
    }
    internal::ImageBatchSource::Options options;
    options.size = {32, 32};
    options.augmentation = AugmentationParams::classic();
    std::vector<std::string> log;
    TrainingCallbacks callbacks;
    callbacks.onLog = [&](const std::string& line) { log.push_back(line); };
    internal::PoolRequest request;
    request.cut = path.frozenPrefixLength();
    request.variants = 4;
    request.memoryBudgetBytes = 1000;
    request.callbacks = &callbacks;
    EXPECT_FALSE(internal::buildAugmentationPool(path, samples, options, request).has_value());
    EXPECT_TRUE(mentions(log, "over the memory budget"));

    request.memoryBudgetBytes = std::size_t{1} << 30;
    const auto pool = internal::buildAugmentationPool(path, samples, options, request);
    ASSERT_TRUE(pool.has_value());
    // block1_pool of tiny at 32x32: 8 channels at 16x16
    EXPECT_EQ(pool->activations.sizes(),
              (torch::IntArrayRef{4 * static_cast<std::int64_t>(samples.size()), 8, 16, 16}));
    // the variants are different augmentations of the same images
    const auto n = static_cast<std::int64_t>(samples.size());
    EXPECT_FALSE(torch::equal(pool->activations.narrow(0, 0, n), pool->activations.narrow(0, n, n)));
}

}  // namespace
}  // namespace tl
