#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <map>

#include "core/data/DatasetScanner.h"
#include "core/data/DemoDataset.h"
#include "core/data/ImageWriter.h"
#include "core/util/Error.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

namespace fs = std::filesystem;
using test::gradientImage;
using test::readBytes;
using test::writeBytes;

void writeDemo(const fs::path& root, DatasetLayout layout, int perClass = 3) {
    DemoDatasetOptions options;
    options.perClass = perClass;
    options.layout = layout;
    options.size = 12;
    writeDemoDataset(root, options);
}

std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return "(no error)";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

void expectSortedAndLabelled(const std::vector<Sample>& samples, const std::vector<std::string>& classes,
                             bool labelFromFolder) {
    EXPECT_TRUE(std::is_sorted(samples.begin(), samples.end(),
                               [](const Sample& a, const Sample& b) { return a.path < b.path; }));
    for (const auto& sample : samples) {
        ASSERT_GE(sample.label, 0);
        ASSERT_LT(static_cast<std::size_t>(sample.label), classes.size());
        const auto expected = labelFromFolder ? sample.path.parent_path().filename().string()
                                              : sample.path.filename().string().substr(0, 3);
        EXPECT_EQ(classes[sample.label], expected) << sample.path;
    }
}

TEST(DatasetScannerTest, DetectsClassFolders) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::ClassFolders);
    const auto dataset = scanDataset(dir.path());
    EXPECT_EQ(dataset.layout, DatasetLayout::ClassFolders);
    EXPECT_EQ(dataset.root, dir.path());
    EXPECT_EQ(dataset.classes, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_EQ(dataset.unsplit.size(), 6u);
    EXPECT_FALSE(dataset.predefined.has_value());
    EXPECT_TRUE(dataset.skipped.empty());
    EXPECT_EQ(dataset.countsPerClass(), (std::vector<std::size_t>{3, 3}));
    expectSortedAndLabelled(dataset.unsplit, dataset.classes, true);
}

TEST(DatasetScannerTest, DetectsSplitFolders) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::SplitFolders, 2);
    const auto dataset = scanDataset(dir.path());
    EXPECT_EQ(dataset.layout, DatasetLayout::SplitFolders);
    EXPECT_EQ(dataset.classes, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_TRUE(dataset.unsplit.empty());
    ASSERT_TRUE(dataset.predefined.has_value());
    EXPECT_EQ(dataset.predefined->classes, dataset.classes);
    for (auto split : kAllSplits) {
        const auto& part = dataset.predefined->part(split);
        EXPECT_EQ(part.size(), 4u) << toString(split);
        expectSortedAndLabelled(part, dataset.classes, true);
        for (const auto& sample : part) {
            EXPECT_EQ(sample.path.parent_path().parent_path().filename(), std::string(toString(split)));
        }
    }
    EXPECT_EQ(dataset.countsPerClass(), (std::vector<std::size_t>{6, 6}));
}

TEST(DatasetScannerTest, AcceptsValAndTrainWithTestOnly) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::SplitFolders, 1);
    fs::rename(dir / "validation", dir / "val");
    auto dataset = scanDataset(dir.path());
    EXPECT_EQ(dataset.layout, DatasetLayout::SplitFolders);
    EXPECT_EQ(dataset.predefined->validation.size(), 2u);

    fs::remove_all(dir / "val");
    dataset = scanDataset(dir.path());
    EXPECT_EQ(dataset.layout, DatasetLayout::SplitFolders);
    EXPECT_TRUE(dataset.predefined->validation.empty());
    EXPECT_EQ(dataset.predefined->test.size(), 2u);
}

TEST(DatasetScannerTest, TwoValidationFoldersAreAnError) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::SplitFolders, 1);
    fs::create_directories(dir / "val" / "cat");
    writeImage(dir / "val" / "cat" / "x.png", gradientImage(8, 8));
    const auto message = errorOf([&] { scanDataset(dir.path()); });
    EXPECT_TRUE(contains(message, "keep one")) << message;
}

TEST(DatasetScannerTest, DetectsKaggleFlatAndSkipsUnnamedImages) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::KaggleFlat);
    writeImage(dir / "1.png", gradientImage(8, 8));  // Kaggle's unlabelled test naming
    writeBytes(dir / "labels.csv", "id,label\n");
    const auto dataset = scanDataset(dir.path());
    EXPECT_EQ(dataset.layout, DatasetLayout::KaggleFlat);
    EXPECT_EQ(dataset.classes, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_EQ(dataset.unsplit.size(), 6u);
    expectSortedAndLabelled(dataset.unsplit, dataset.classes, false);
    ASSERT_EQ(dataset.skipped.size(), 1u);
    EXPECT_EQ(dataset.skipped[0].path, dir / "1.png");
    EXPECT_TRUE(contains(dataset.skipped[0].reason, "<class>")) << dataset.skipped[0].reason;
}

TEST(DatasetScannerTest, ExplicitLayoutOverridesDetection) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::SplitFolders, 1);
    const auto dataset = scanDataset(dir.path(), DatasetLayout::ClassFolders);
    EXPECT_EQ(dataset.layout, DatasetLayout::ClassFolders);
    EXPECT_EQ(dataset.classes, (std::vector<std::string>{"test", "train", "validation"}));
    EXPECT_EQ(dataset.unsplit.size(), 6u);  // images in nested folders count for the top folder
}

TEST(DatasetScannerTest, SkipsBadFilesWithTheirReasons) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::ClassFolders, 2);
    writeImage(dir / "cat" / "good.jpg", gradientImage(24, 24));
    writeImage(dir / "dog" / "good.png", gradientImage(24, 24));
    const auto jpeg = readBytes(dir / "cat" / "good.jpg");
    const auto png = readBytes(dir / "dog" / "good.png");
    writeBytes(dir / "cat" / "empty.jpg", "");
    writeBytes(dir / "cat" / "text.jpg", "hello");
    writeBytes(dir / "cat" / "cut.jpg", jpeg.substr(0, jpeg.size() / 2));
    writeBytes(dir / "dog" / "cut.png", png.substr(0, png.size() / 2));
    writeBytes(dir / "dog" / "notes.txt", "not an image, ignored");
    writeBytes(dir / "dog" / ".hidden.png", "");
    writeImage(dir / ".thumbnails" / "x.png", gradientImage(8, 8));
    writeImage(dir / "stray.png", gradientImage(8, 8));

    const auto dataset = scanDataset(dir.path());
    EXPECT_EQ(dataset.classes, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_EQ(dataset.countsPerClass(), (std::vector<std::size_t>{3, 3}));
    std::map<std::string, std::string> reasons;
    for (const auto& skipped : dataset.skipped)
        reasons[fs::relative(skipped.path, dir.path()).string()] = skipped.reason;
    const std::map<std::string, std::string> expected{{"cat/empty.jpg", "zero bytes"},
                                                      {"cat/text.jpg", "not an image"},
                                                      {"cat/cut.jpg", "truncated"},
                                                      {"dog/cut.png", "truncated"},
                                                      {"stray.png", "not inside a class folder"}};
    EXPECT_EQ(reasons, expected);
}

TEST(DatasetScannerTest, SkipsUnreadableFiles) {
    if (geteuid() == 0) GTEST_SKIP() << "root reads files whatever their permissions";
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::ClassFolders, 1);
    writeImage(dir / "cat" / "locked.png", gradientImage(8, 8));
    fs::permissions(dir / "cat" / "locked.png", fs::perms::none);
    const auto dataset = scanDataset(dir.path());
    ASSERT_EQ(dataset.skipped.size(), 1u);
    EXPECT_EQ(dataset.skipped[0].reason.rfind("unreadable: ", 0), 0u) << dataset.skipped[0].reason;
    EXPECT_EQ(dataset.unsplit.size(), 2u);
}

TEST(DatasetScannerTest, PipesAndBrokenLinksWithImageNamesAreSkippedNotOpened) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::ClassFolders, 1);
    ASSERT_EQ(mkfifo((dir / "cat" / "x.jpg").c_str(), 0600), 0);  // opening it would hang the scan
    fs::create_symlink(dir / "nowhere.png", dir / "dog" / "gone.png");
    const auto dataset = scanDataset(dir.path());
    EXPECT_EQ(dataset.unsplit.size(), 2u);
    ASSERT_EQ(dataset.skipped.size(), 2u);
    for (const auto& skipped : dataset.skipped) {
        if (skipped.path.filename() == "x.jpg") {
            EXPECT_EQ(skipped.reason, "not a regular file: a named pipe (FIFO), never read");
        } else {
            EXPECT_EQ(skipped.reason.rfind("unreadable: ", 0), 0u) << skipped.reason;
        }
    }
}

TEST(DatasetScannerTest, LoopLinksEmptyClassesAndGifsAreReportedNotSilent) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::ClassFolders, 2);
    fs::create_directory_symlink(dir.path(), dir / "loop");  // loop -> . would be a class of every image
    fs::create_directories(dir / "empty");
    writeBytes(dir / "cat" / "moving.gif", "GIF89a");
    const auto dataset = scanDataset(dir.path(), DatasetLayout::ClassFolders);
    EXPECT_EQ(dataset.classes, (std::vector<std::string>{"cat", "dog"}));
    std::map<std::string, std::string> reasons;
    for (const auto& skipped : dataset.skipped) reasons[skipped.path.filename().string()] = skipped.reason;
    EXPECT_NE(reasons["loop"].find("a link to the dataset folder itself"), std::string::npos) << reasons["loop"];
    EXPECT_NE(reasons["empty"].find("an empty class folder"), std::string::npos) << reasons["empty"];
    EXPECT_NE(reasons["moving.gif"].find("GIF"), std::string::npos) << reasons["moving.gif"];
}

TEST(DatasetScannerTest, FollowsLinkedClassFoldersButNotLinkedSubfolders) {
    test::TempDir dir;
    writeDemo(dir / "data", DatasetLayout::ClassFolders, 2);
    writeImage(dir / "foxes" / "fox.png", gradientImage(8, 8));
    fs::create_directory_symlink(dir / "foxes", dir / "data" / "fox");
    fs::create_directory_symlink(dir / "data" / "cat", dir / "data" / "cat" / "loop");  // a link loop
    const auto dataset = scanDataset(dir / "data");
    EXPECT_EQ(dataset.classes, (std::vector<std::string>{"cat", "dog", "fox"}));
    EXPECT_EQ(dataset.countsPerClass(), (std::vector<std::size_t>{2, 2, 1}));
}

TEST(DatasetScannerTest, ScanIsDeterministic) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::ClassFolders, 5);
    const auto first = scanDataset(dir.path());
    const auto second = scanDataset(dir.path());
    ASSERT_EQ(first.unsplit.size(), second.unsplit.size());
    for (std::size_t i = 0; i < first.unsplit.size(); ++i) {
        EXPECT_EQ(first.unsplit[i].path, second.unsplit[i].path);
        EXPECT_EQ(first.unsplit[i].label, second.unsplit[i].label);
    }
}

TEST(DatasetScannerTest, ReportsProgressOverEveryFileChecked) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::SplitFolders, 30);  // 2 classes x 30 in each of 3 splits
    writeBytes(dir / "train" / "cat" / "empty.jpg", "");
    std::vector<ScanProgress> reports;
    ScanControl control;
    control.progress = [&](const ScanProgress& progress) { reports.push_back(progress); };
    const auto dataset = scanDataset(dir.path(), DatasetLayout::Auto, control);
    ASSERT_FALSE(reports.empty());
    EXPECT_EQ(reports.back().checked, 181u);  // the unusable file is checked too
    EXPECT_EQ(reports.back().total, 181u);
    EXPECT_GE(reports.size(), 90u);  // about a hundred reports: a bar moves smoothly
    EXPECT_LE(reports.size(), 182u);
    for (std::size_t i = 1; i < reports.size(); ++i) EXPECT_GT(reports[i].checked, reports[i - 1].checked);
    EXPECT_EQ(dataset.skipped.size(), 1u);
}

TEST(DatasetScannerTest, StopsWhenAskedAndSaysSo) {
    test::TempDir dir;
    writeDemo(dir.path(), DatasetLayout::ClassFolders, 20);
    std::atomic<bool> stop{false};
    std::size_t lastChecked = 0;
    ScanControl control;
    control.stop = &stop;
    control.progress = [&](const ScanProgress& progress) {
        lastChecked = progress.checked;
        if (progress.checked >= 10) stop = true;
    };
    try {
        scanDataset(dir.path(), DatasetLayout::Auto, control);
        FAIL() << "the scan was not stopped";
    } catch (const ScanStopped& stopped) {
        EXPECT_TRUE(contains(stopped.what(), "stopped after 10 of 40 files")) << stopped.what();
    }
    EXPECT_EQ(lastChecked, 10u);  // nothing was checked past the file that saw the flag
    stop = true;                  // already set before the scan: nothing is checked
    EXPECT_THROW(scanDataset(dir.path(), DatasetLayout::Auto, control), ScanStopped);
}

TEST(DatasetScannerTest, ClearErrors) {
    test::TempDir dir;
    auto message = errorOf([&] { scanDataset(dir / "nowhere"); });
    EXPECT_TRUE(contains(message, "not found") && contains(message, "nowhere")) << message;

    writeBytes(dir / "file.txt", "x");
    message = errorOf([&] { scanDataset(dir / "file.txt"); });
    EXPECT_TRUE(contains(message, "not a folder")) << message;
    writeBytes(dir / "train.zip", "PK");
    message = errorOf([&] { scanDataset(dir / "train.zip"); });
    EXPECT_TRUE(contains(message, "train.zip: not a usable zip archive")) << message;

    fs::create_directories(dir / "empty" / "cat");
    message = errorOf([&] { scanDataset(dir / "empty"); });
    EXPECT_TRUE(contains(message, "no images found")) << message;

    writeBytes(dir / "broken" / "cat" / "a.jpg", "");
    message = errorOf([&] { scanDataset(dir / "broken"); });
    EXPECT_TRUE(contains(message, "no usable images") && contains(message, "zero bytes")) << message;

    writeImage(dir / "flat" / "photo1.png", gradientImage(8, 8));
    message = errorOf([&] { scanDataset(dir / "flat"); });
    EXPECT_TRUE(contains(message, "cannot tell the classes")) << message;

    writeDemo(dir / "classes", DatasetLayout::ClassFolders, 1);
    message = errorOf([&] { scanDataset(dir / "classes", DatasetLayout::SplitFolders); });
    EXPECT_TRUE(contains(message, "no train folder")) << message;
    message = errorOf([&] { scanDataset(dir / "classes", DatasetLayout::KaggleFlat); });
    EXPECT_TRUE(contains(message, "no images found")) << message;
}

}  // namespace
}  // namespace tl
