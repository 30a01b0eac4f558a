// The lesson's generated world: deterministic images, the classes it promises, the layouts the
// scanner reads.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/data/DatasetScanner.h"
#include "core/data/LessonWorld.h"
#include "support/TempDir.h"

namespace tl {
namespace {

double meanAbsoluteDifference(const RgbImage& a, const RgbImage& b) {
    double sum = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) sum += std::abs(int(a.pixels[i]) - int(b.pixels[i]));
    return sum / static_cast<double>(a.pixels.size());
}

TEST(LessonWorld, SixtyDistinctSourceClassesAndTwoTargetClasses) {
    const auto& names = lessonSourceClasses();
    EXPECT_EQ(names.size(), 60u);
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 60u);
    EXPECT_EQ(names.front(), "circle-solid");
    EXPECT_EQ(lessonTargetClasses(), (std::vector<std::string>{"cat", "dog"}));
    // The classifier's order is the order a scan gives the class folders: sorted by name.
    const auto& labels = lessonSourceClassifierLabels();
    EXPECT_TRUE(std::is_sorted(labels.begin(), labels.end()));
    EXPECT_EQ(std::set<std::string>(labels.begin(), labels.end()), std::set<std::string>(names.begin(), names.end()));
}

TEST(LessonWorld, ImagesAreDeterministicForASeedAndVaryWithIt) {
    std::mt19937_64 first(5), second(5), other(6);
    const auto a = drawSourceImage(17, first);
    EXPECT_EQ(a.width, kLessonImageSize);
    EXPECT_EQ(a.pixels.size(), std::size_t(kLessonImageSize * kLessonImageSize * 3));
    EXPECT_EQ(a.pixels, drawSourceImage(17, second).pixels);
    EXPECT_GT(meanAbsoluteDifference(a, drawSourceImage(17, other)), 10.0);
    EXPECT_EQ(drawTargetImage(1, first).pixels, drawTargetImage(1, second).pixels);
}

TEST(LessonWorld, UnknownClassesAreRefused) {
    std::mt19937_64 random(1);
    EXPECT_THROW(drawSourceImage(60, random), Error);
    EXPECT_THROW(drawTargetImage(2, random), Error);
}

TEST(LessonWorld, TheTargetSetIsSplitFoldersWithTheCountsAsked) {
    test::TempDir folder;
    writeLessonTargetSet(folder.path(), {3, 2, 1}, 9);
    const auto dataset = scanDataset(folder.path());
    ASSERT_EQ(dataset.layout, DatasetLayout::SplitFolders);
    ASSERT_TRUE(dataset.predefined.has_value());
    EXPECT_EQ(dataset.classes, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_EQ(dataset.predefined->train.size(), 6u);
    EXPECT_EQ(dataset.predefined->validation.size(), 4u);
    EXPECT_EQ(dataset.predefined->test.size(), 2u);
    EXPECT_TRUE(dataset.skipped.empty());
}

TEST(LessonWorld, TheSourceSetHoldsEveryClassAndStopsWhenAsked) {
    test::TempDir folder;
    int calls = 0;
    EXPECT_TRUE(writeLessonSourceSet(folder.path(), 1, 3, [&](int done, int total) {
        EXPECT_EQ(total, 60);
        EXPECT_EQ(done, ++calls);
        return true;
    }));
    const auto dataset = scanDataset(folder.path());
    EXPECT_EQ(dataset.classes.size(), 60u);
    EXPECT_EQ(dataset.unsplit.size(), 60u);

    test::TempDir stopped;
    EXPECT_FALSE(writeLessonSourceSet(stopped.path(), 1, 3, [](int done, int) { return done < 5; }));
    EXPECT_EQ(scanDataset(stopped.path()).unsplit.size(), 5u);
}

}  // namespace
}  // namespace tl
