#include <gtest/gtest.h>

#include "core/data/Dataset.h"
#include "core/util/Error.h"

namespace tl {
namespace {

TEST(DatasetTest, LayoutNamesRoundTrip) {
    for (auto layout :
         {DatasetLayout::Auto, DatasetLayout::ClassFolders, DatasetLayout::SplitFolders, DatasetLayout::KaggleFlat}) {
        EXPECT_EQ(parseDatasetLayout(toString(layout)), layout);
    }
    EXPECT_EQ(toString(DatasetLayout::KaggleFlat), "kaggle");
    EXPECT_EQ(toString(DatasetLayout::ClassFolders), "class-folders");
    EXPECT_THROW(parseDatasetLayout("folders"), Error);
}

TEST(DatasetTest, SplitNamesRoundTripAndAcceptVal) {
    for (auto split : kAllSplits) EXPECT_EQ(parseSplitName(toString(split)), split);
    EXPECT_EQ(toString(SplitName::Validation), "validation");
    EXPECT_EQ(parseSplitName("val"), SplitName::Validation);
    try {
        parseSplitName("training");
        FAIL() << "expected tl::Error";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("training"), std::string::npos) << error.what();
    }
}

TEST(DatasetTest, PartReturnsTheNamedList) {
    SplitSet set;
    set.train = {{"a.png", 0}};
    set.validation = {{"b.png", 1}, {"c.png", 1}};
    set.test = {};
    EXPECT_EQ(set.part(SplitName::Train).size(), 1u);
    EXPECT_EQ(set.part(SplitName::Validation).size(), 2u);
    EXPECT_TRUE(set.part(SplitName::Test).empty());
    set.part(SplitName::Test).push_back({"d.png", 0});
    EXPECT_EQ(set.test.size(), 1u);
}

TEST(DatasetTest, CountsPerClassAddsUnsplitAndEveryPredefinedSplit) {
    Dataset dataset;
    dataset.classes = {"cat", "dog", "fox"};
    dataset.unsplit = {{"1", 0}, {"2", 2}, {"3", 2}};
    EXPECT_EQ(dataset.countsPerClass(), (std::vector<std::size_t>{1, 0, 2}));

    SplitSet set;
    set.classes = dataset.classes;
    set.train = {{"4", 1}};
    set.validation = {{"5", 1}};
    set.test = {{"6", 0}};
    dataset.predefined = set;
    EXPECT_EQ(dataset.countsPerClass(), (std::vector<std::size_t>{2, 2, 2}));
}

}  // namespace
}  // namespace tl
