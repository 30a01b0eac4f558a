#include <gtest/gtest.h>

#include "core/data/ImageWriter.h"
#include "core/training/internal/ImageBatchSource.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

using internal::ImageBatchSource;

struct Images {
    test::TempDir folder;
    std::vector<Sample> samples;
    explicit Images(int count) {
        for (int i = 0; i < count; ++i) {
            const auto file = folder / ("image" + std::to_string(i) + ".png");
            writeImage(file, test::gradientImage(24, 20, static_cast<std::uint32_t>(i)));
            samples.push_back({file, i % 2});
        }
    }
};

ImageBatchSource::Options smallBatches(std::size_t memoryBudget) {
    ImageBatchSource::Options options;
    options.size = {16, 16};
    options.batchSize = 3;
    options.workers = 3;
    options.memoryBudgetBytes = memoryBudget;
    return options;
}

/// Every batch of one epoch, inputs and targets side by side.
std::vector<internal::TensorBatch> epoch(ImageBatchSource& source, int number) {
    std::vector<internal::TensorBatch> batches;
    source.startEpoch(number);
    while (auto batch = source.next()) batches.push_back(*batch);
    return batches;
}

std::int64_t imageCount(const std::vector<internal::TensorBatch>& batches) {
    std::int64_t count = 0;
    for (const auto& batch : batches) count += batch.inputs.size(0);
    return count;
}

TEST(ImageBatchSource, KeptImagesServeLaterEpochsWithoutTheFiles) {
    Images images(7);
    std::vector<std::string> skipped;
    ImageBatchSource source(images.samples, smallBatches(std::size_t{1} << 20),
                            [&](const std::string& message) { skipped.push_back(message); });
    ASSERT_TRUE(source.keepsDecodedImages());
    const auto first = epoch(source, 1);
    EXPECT_EQ(imageCount(first), 7);
    for (const auto& sample : images.samples) std::filesystem::remove(sample.path);
    const auto second = epoch(source, 2);
    EXPECT_EQ(imageCount(second), 7);
    EXPECT_TRUE(skipped.empty());
    // the same shuffled order gives the same pixels as the first epoch's decode
    const auto again = epoch(source, 1);
    ASSERT_EQ(again.size(), first.size());
    for (std::size_t i = 0; i < first.size(); ++i) EXPECT_TRUE(torch::equal(again[i].inputs, first[i].inputs)) << i;
}

TEST(ImageBatchSource, OverTheMemoryBudgetEachEpochDecodesAgain) {
    Images images(5);
    std::vector<std::string> skipped;
    ImageBatchSource source(images.samples, smallBatches(16 * 16 * 3 * 4),  // room for 4 of 5
                            [&](const std::string& message) { skipped.push_back(message); });
    EXPECT_FALSE(source.keepsDecodedImages());
    EXPECT_EQ(imageCount(epoch(source, 1)), 5);
    std::filesystem::remove(images.samples[2].path);
    EXPECT_EQ(imageCount(epoch(source, 2)), 4);
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_NE(skipped[0].find("image2.png"), std::string::npos);
}

TEST(ImageBatchSource, WorkersDoNotChangeBatchesOrAugmentation) {
    Images images(10);
    auto one = smallBatches(0);
    one.workers = 1;
    one.augmentation = AugmentationParams::classic();
    auto many = one;
    many.workers = 3;
    many.memoryBudgetBytes = std::size_t{1} << 20;
    ImageBatchSource serial(images.samples, one), parallel(images.samples, many);
    for (int e = 1; e <= 2; ++e) {
        const auto a = epoch(serial, e), b = epoch(parallel, e);
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            EXPECT_TRUE(torch::equal(a[i].inputs, b[i].inputs)) << "epoch " << e << " batch " << i;
            EXPECT_TRUE(torch::equal(a[i].targets, b[i].targets));
        }
    }
}

}  // namespace
}  // namespace tl
