#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <set>

#include "core/data/DatasetScanner.h"
#include "core/data/DatasetSplitter.h"
#include "core/data/DemoDataset.h"
#include "core/util/Error.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::readBytes;
using test::writeBytes;

/// A dataset of file names only (makeSplit never opens files): `perClass[i]` images of class i
/// named /data/<class>/<class>.<n>.png.
Dataset fakeDataset(const std::vector<int>& perClass) {
    Dataset dataset;
    dataset.root = "/data";
    for (std::size_t label = 0; label < perClass.size(); ++label) {
        const std::string name(1, static_cast<char>('a' + label));
        dataset.classes.push_back(name);
        for (int i = 0; i < perClass[label]; ++i) {
            dataset.unsplit.push_back(
                {dataset.root / name / (name + "." + std::to_string(i) + ".png"), static_cast<int>(label)});
        }
    }
    return dataset;
}

std::set<fs::path> pathsOf(const std::vector<Sample>& samples) {
    std::set<fs::path> paths;
    for (const auto& sample : samples) paths.insert(sample.path);
    return paths;
}

std::vector<std::size_t> perClass(const std::vector<Sample>& samples, std::size_t classes) {
    std::vector<std::size_t> counts(classes);
    for (const auto& sample : samples) ++counts.at(sample.label);
    return counts;
}

std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return "(no error)";
}

bool sameSamples(const std::vector<Sample>& a, const std::vector<Sample>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].path != b[i].path || a[i].label != b[i].label) return false;
    }
    return true;
}

TEST(DatasetSplitterTest, StratifiedCountsWithoutOverlap) {
    const auto dataset = fakeDataset({30, 25});
    const auto split = makeSplit(dataset, {10, 5, 7}, 42);
    EXPECT_EQ(split.classes, dataset.classes);
    EXPECT_EQ(perClass(split.train, 2), (std::vector<std::size_t>{10, 10}));
    EXPECT_EQ(perClass(split.validation, 2), (std::vector<std::size_t>{5, 5}));
    EXPECT_EQ(perClass(split.test, 2), (std::vector<std::size_t>{7, 7}));

    const auto all = pathsOf(dataset.unsplit);
    std::set<fs::path> seen;
    for (auto name : kAllSplits) {
        for (const auto& sample : split.part(name)) {
            EXPECT_TRUE(all.count(sample.path)) << sample.path;
            EXPECT_TRUE(seen.insert(sample.path).second) << "in two splits: " << sample.path;
            EXPECT_EQ(sample.path.parent_path().filename(), dataset.classes[sample.label]);
        }
    }
}

TEST(DatasetSplitterTest, SameSeedSameSplitDifferentSeedDifferentSplit) {
    auto dataset = fakeDataset({40, 40});
    const auto first = makeSplit(dataset, {10, 5, 5}, 7);
    std::reverse(dataset.unsplit.begin(), dataset.unsplit.end());  // input order must not matter
    const auto again = makeSplit(dataset, {10, 5, 5}, 7);
    for (auto name : kAllSplits) EXPECT_TRUE(sameSamples(first.part(name), again.part(name))) << toString(name);
    const auto other = makeSplit(dataset, {10, 5, 5}, 8);
    EXPECT_NE(pathsOf(first.train), pathsOf(other.train));
}

TEST(DatasetSplitterTest, SplitForASeedNeverChanges) {
    // Saved experiments name a seed, not a file list: this selection must stay the same on every
    // machine and in every version.
    const auto split = makeSplit(fakeDataset({10}), {3, 0, 0}, 2024);
    std::vector<std::string> names;
    for (const auto& sample : split.train) names.push_back(sample.path.filename().string());
    EXPECT_EQ(names, (std::vector<std::string>{"a.5.png", "a.8.png", "a.9.png"}));
}

TEST(DatasetSplitterTest, ZeroMeansNoneWithoutPredefinedSplits) {
    const auto split = makeSplit(fakeDataset({6, 6}), {4, 0, 0}, 1);
    EXPECT_EQ(split.train.size(), 8u);
    EXPECT_TRUE(split.validation.empty());
    EXPECT_TRUE(split.test.empty());
    EXPECT_THROW(makeSplit(fakeDataset({6}), {0, 0, 0}, 1), Error);
    EXPECT_THROW(makeSplit(fakeDataset({6}), {-1, 2, 2}, 1), Error);
}

TEST(DatasetSplitterTest, TooFewImagesNamesTheClass) {
    const auto message = errorOf([] { makeSplit(fakeDataset({30, 12}), {10, 2, 1}, 1); });
    EXPECT_NE(message.find("class 'b' has 12"), std::string::npos) << message;
    EXPECT_NE(message.find("13"), std::string::npos) << message;
}

TEST(DatasetSplitterTest, PredefinedSplitsSampleEachFolder) {
    Dataset dataset;
    dataset.classes = {"a", "b"};
    dataset.layout = DatasetLayout::SplitFolders;
    SplitSet predefined;
    predefined.classes = dataset.classes;
    for (auto name : kAllSplits) {
        for (int label = 0; label < 2; ++label) {
            for (int i = 0; i < 6; ++i) {
                predefined.part(name).push_back({fs::path("/data") / std::string(toString(name)) /
                                                     dataset.classes[label] / (std::to_string(i) + ".png"),
                                                 label});
            }
        }
    }
    dataset.predefined = predefined;
    const auto split = makeSplit(dataset, {4, 0, 2}, 3);
    EXPECT_EQ(perClass(split.train, 2), (std::vector<std::size_t>{4, 4}));
    EXPECT_EQ(perClass(split.validation, 2), (std::vector<std::size_t>{6, 6}));  // 0: all
    EXPECT_EQ(perClass(split.test, 2), (std::vector<std::size_t>{2, 2}));
    for (auto name : kAllSplits) {
        const auto source = pathsOf(predefined.part(name));
        for (const auto& sample : split.part(name)) EXPECT_TRUE(source.count(sample.path)) << sample.path;
    }
    const auto message = errorOf([&] { makeSplit(dataset, {7, 0, 0}, 3); });
    EXPECT_NE(message.find("class 'a'"), std::string::npos) << message;
    EXPECT_NE(message.find("train folder"), std::string::npos) << message;
}

TEST(DatasetSplitterTest, SplitFileRoundTrip) {
    test::TempDir dir;
    auto dataset = fakeDataset({5, 5});
    dataset.root = dir / "data";
    for (auto& sample : dataset.unsplit) sample.path = dataset.root / sample.path.lexically_relative("/data");
    auto split = makeSplit(dataset, {2, 1, 1}, 9);
    split.test.push_back({"/elsewhere/b.9.png", 1});  // outside the root: kept absolute
    saveSplitFile(split, dataset.root, dir / "split.json");

    const auto document = json::parse(readBytes(dir / "split.json"));
    EXPECT_EQ(document["classes"], json({"a", "b"}));
    EXPECT_EQ(document["root"], dataset.root.generic_string());
    EXPECT_EQ(document["train"][0]["path"], split.train[0].path.lexically_relative(dataset.root).generic_string());
    EXPECT_EQ(document["test"].back()["path"], "/elsewhere/b.9.png");

    // The recorded root, not the file's folder, resolves relative paths.
    fs::create_directories(dir / "moved");
    fs::copy_file(dir / "split.json", dir / "moved" / "copy.json");
    const auto loaded = loadSplitFile(dir / "moved" / "copy.json");
    EXPECT_EQ(loaded.classes, split.classes);
    for (auto name : kAllSplits) EXPECT_TRUE(sameSamples(loaded.part(name), split.part(name))) << toString(name);
}

TEST(DatasetSplitterTest, SplitFileErrorsNameTheField) {
    test::TempDir dir;
    const auto file = dir / "split.json";
    const json valid = {{"root", "/data"},
                        {"classes", {"cat", "dog"}},
                        {"train", {{{"path", "cat/1.png"}, {"label", 0}}, {{"path", "dog/1.png"}, {"label", 1}}}},
                        {"validation", json::array()},
                        {"test", json::array()}};
    writeBytes(file, valid.dump());
    EXPECT_EQ(loadSplitFile(file).train[1].path, fs::path("/data/dog/1.png"));

    auto expectError = [&](const std::function<void(json&)>& edit, const std::string& expected) {
        json broken = valid;
        edit(broken);
        writeBytes(file, broken.dump());
        EXPECT_EQ(errorOf([&] { loadSplitFile(file); }), file.string() + ": " + expected);
    };
    expectError([](json& j) { j["train"][1]["label"] = "dog"; }, "train[1].label: expected an integer");
    expectError([](json& j) { j["train"][1]["label"] = 1.5; }, "train[1].label: expected an integer");
    expectError([](json& j) { j["train"][0]["label"] = 2; }, "train[0].label: 2 is out of range (2 classes)");
    expectError([](json& j) { j["train"][0].erase("path"); }, "train[0].path: missing");
    expectError([](json& j) { j["train"][0] = 3; }, "train[0]: expected an object {path, label}");
    expectError([](json& j) { j.erase("validation"); }, "validation: missing");
    expectError([](json& j) { j["classes"][1] = 5; }, "classes[1]: expected a string");
    expectError([](json& j) { j["root"] = 5; }, "root: expected a string");

    writeBytes(file, "{ \"classes\": [");
    EXPECT_NE(errorOf([&] { loadSplitFile(file); }).find("not valid JSON"), std::string::npos);
}

class MaterializeTest : public ::testing::Test {
protected:
    void SetUp() override {
        DemoDatasetOptions options;
        options.perClass = 4;
        options.size = 8;
        writeDemoDataset(dir / "data", options);
        split = makeSplit(scanDataset(dir / "data"), {2, 1, 1}, 5);
    }

    void expectSplitFoldersLike(const fs::path& destination) {
        const auto dataset = scanDataset(destination);
        ASSERT_EQ(dataset.layout, DatasetLayout::SplitFolders);
        EXPECT_EQ(dataset.classes, split.classes);
        for (auto name : kAllSplits) {
            EXPECT_EQ(dataset.predefined->part(name).size(), split.part(name).size()) << toString(name);
            for (const auto& sample : dataset.predefined->part(name)) {
                const auto original = dir / "data" / split.classes[sample.label] / sample.path.filename();
                EXPECT_EQ(readBytes(sample.path), readBytes(original));
            }
        }
    }

    test::TempDir dir;
    SplitSet split;
};

TEST_F(MaterializeTest, Symlinks) {
    materializeSplit(split, dir / "out", MaterializeMode::Symlink);
    const auto link = dir / "out" / "train" / "cat" / split.train[0].path.filename();
    ASSERT_TRUE(fs::is_symlink(link));
    EXPECT_TRUE(fs::equivalent(link, split.train[0].path));
    expectSplitFoldersLike(dir / "out");
}

TEST_F(MaterializeTest, RefusesAFolderThatAlreadyHoldsASplit) {
    materializeSplit(split, dir / "out", MaterializeMode::Symlink);
    try {
        materializeSplit(split, dir / "out", MaterializeMode::Copy);
        FAIL() << "materializing over an earlier split must be refused";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("not empty"), std::string::npos) << error.what();
    }
    EXPECT_TRUE(fs::is_symlink(dir / "out" / "train" / "cat" / split.train[0].path.filename()));
}

TEST_F(MaterializeTest, CopiesLeaveTheSourcesAlone) {
    const auto sourceBytes = readBytes(split.train[0].path);
    materializeSplit(split, dir / "out", MaterializeMode::Copy);
    const auto copy = dir / "out" / "train" / "cat" / split.train[0].path.filename();
    EXPECT_FALSE(fs::is_symlink(copy));
    EXPECT_TRUE(fs::is_regular_file(copy));
    EXPECT_EQ(readBytes(split.train[0].path), sourceBytes);
    expectSplitFoldersLike(dir / "out");
}

TEST_F(MaterializeTest, SameFileNamesInOneClassDoNotOverwriteEachOther) {
    test::writeBytes(dir / "other" / split.train[0].path.filename(), "different bytes");
    split.train.push_back({dir / "other" / split.train[0].path.filename(), split.train[0].label});
    materializeSplit(split, dir / "out", MaterializeMode::Copy);
    const auto folder = dir / "out" / "train" / split.classes[split.train[0].label];
    const auto stem = split.train[0].path.stem().string();
    EXPECT_EQ(readBytes(folder / (stem + "_1.png")), "different bytes");
    EXPECT_EQ(readBytes(folder / split.train[0].path.filename()), readBytes(split.train[0].path));
}

Dataset unsplitDataset(std::size_t perClass) {
    Dataset dataset;
    dataset.classes = {"cat", "dog"};
    for (int label = 0; label < 2; ++label) {
        for (std::size_t i = 0; i < perClass; ++i) {
            dataset.unsplit.push_back({"img" + std::to_string(label) + "_" + std::to_string(i) + ".jpg", label});
        }
    }
    return dataset;
}

TEST(ProposeSplitCounts, TheLecturesCountsWhereTheyFitElseAShareOfWhatIsThere) {
    EXPECT_EQ(proposeSplitCounts(unsplitDataset(2000)), (SplitCounts{1000, 500, 500}));
    EXPECT_EQ(proposeSplitCounts(unsplitDataset(100)), (SplitCounts{50, 25, 25}));
    EXPECT_EQ(proposeSplitCounts(unsplitDataset(7)), (SplitCounts{3, 1, 3}));

    Dataset folders;
    folders.layout = DatasetLayout::SplitFolders;
    folders.classes = {"cat", "dog"};
    folders.predefined = SplitSet{folders.classes, {}, {}, {}};
    const auto fill = [&](std::vector<Sample>& part, std::size_t perClass) {
        for (int label = 0; label < 2; ++label) {
            for (std::size_t i = 0; i < perClass; ++i) part.push_back({"f" + std::to_string(i), label});
        }
    };
    fill(folders.predefined->train, 1000);
    fill(folders.predefined->validation, 500);
    fill(folders.predefined->test, 499);
    EXPECT_EQ(proposeSplitCounts(folders), (SplitCounts{0, 0, 0})) << "one folder is short: take all of each";
    fill(folders.predefined->test, 1);
    EXPECT_EQ(proposeSplitCounts(folders), (SplitCounts{1000, 500, 500}));
}

}  // namespace
}  // namespace tl
