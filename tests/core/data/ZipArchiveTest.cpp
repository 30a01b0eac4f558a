// Zip archives written by Python's zipfile (the tool most such archives come from), read in place:
// Kaggle's train.zip layout, damaged entries, other compression methods, zip64, archives in archives.
#include <gtest/gtest.h>

#include <fstream>

#include "core/data/DatasetScanner.h"
#include "core/data/DatasetSplitter.h"
#include "core/data/FileStamp.h"
#include "core/data/ImageDecoder.h"
#include "core/data/ImageWriter.h"
#include "core/data/ZipArchive.h"
#include "core/util/Error.h"
#include "support/ErrorText.h"
#include "support/PythonRunner.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

namespace fs = std::filesystem;

// zipper.py OUT METHOD [--empty N] NAME=FILE...: METHOD is stored, deflated, bzip2 or lzma;
// --empty N adds N empty entries first (past 65,535 entries the archive needs zip64 records).
constexpr const char* kZipper = R"(import sys, zipfile
out, method = sys.argv[1], {'stored': zipfile.ZIP_STORED, 'deflated': zipfile.ZIP_DEFLATED,
                            'bzip2': zipfile.ZIP_BZIP2, 'lzma': zipfile.ZIP_LZMA}[sys.argv[2]]
rest = sys.argv[3:]
with zipfile.ZipFile(out, 'w', method) as archive:
    if rest and rest[0] == '--empty':
        for i in range(int(rest[1])):
            archive.writestr('padding/%06d.txt' % i, b'')
        rest = rest[2:]
    for pair in rest:
        name, path = pair.split('=', 1)
        archive.write(path, name)
)";

using test::contains;
using test::errorOf;

class ZipArchiveTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!test::havePython()) GTEST_SKIP() << "Debian's python3 was not found at configure time";
        std::ofstream(dir_.path() / "zipper.py") << kZipper;
    }

    /// An image file on disk, to be zipped.
    fs::path image(const std::string& name, std::uint32_t seed) {
        const auto file = dir_.path() / "files" / name;
        fs::create_directories(file.parent_path());
        writeImage(file, test::gradientImage(40, 30, seed));
        return file;
    }

    /// Writes `archive` with Python's zipfile; `entries` maps names inside it to files.
    fs::path zip(const std::string& archive, const std::vector<std::pair<std::string, fs::path>>& entries,
                 const std::string& method = "deflated", int empty = 0) {
        const auto out = dir_.path() / archive;
        std::string arguments = "'" + (dir_.path() / "zipper.py").string() + "' '" + out.string() + "' " + method;
        if (empty > 0) arguments += " --empty " + std::to_string(empty);
        for (const auto& [name, file] : entries) arguments += " '" + name + "=" + file.string() + "'";
        EXPECT_TRUE(test::runPython(arguments)) << "zipfile could not write " << archive;
        return out;
    }

    /// Kaggle's layout: train/cat.N.jpg and train/dog.N.jpg.
    std::vector<std::pair<std::string, fs::path>> kaggleEntries(int perClass) {
        std::vector<std::pair<std::string, fs::path>> entries;
        for (int i = 0; i < perClass; ++i) {
            for (const std::string kind : {"cat", "dog"}) {
                const auto name = kind + "." + std::to_string(i) + ".jpg";
                entries.emplace_back("train/" + name, image(name, static_cast<std::uint32_t>(entries.size())));
            }
        }
        return entries;
    }

    test::TempDir dir_;
};

TEST_F(ZipArchiveTest, KagglesTrainZipIsReadWithoutUnpacking) {
    const auto archive = zip("train.zip", kaggleEntries(4));
    const auto dataset = scanDataset(archive);
    EXPECT_EQ(dataset.root, archive / "train") << "the single folder the archive holds";
    EXPECT_EQ(dataset.layout, DatasetLayout::KaggleFlat);
    EXPECT_EQ(dataset.classes, (std::vector<std::string>{"cat", "dog"}));
    ASSERT_EQ(dataset.unsplit.size(), 8u);
    EXPECT_TRUE(dataset.skipped.empty());
    EXPECT_EQ(dataset.unsplit.front().path, archive / "train" / "cat.0.jpg");

    // The same pixels as the file that was zipped, at any target size.
    for (const ImageSize size : {ImageSize{0, 0}, ImageSize{20, 20}}) {
        const ImageDecoder decoder(size);
        const auto fromZip = decoder.decode(archive / "train" / "dog.3.jpg");
        const auto fromDisk = decoder.decode(dir_.path() / "files" / "dog.3.jpg");
        EXPECT_EQ(fromZip.width, fromDisk.width);
        EXPECT_EQ(fromZip.pixels, fromDisk.pixels);
    }
    // A folder inside the archive may be named directly, and so may a stored (uncompressed) one.
    EXPECT_EQ(scanDataset(archive / "train").unsplit.size(), 8u);
    const auto stored = zip("stored.zip", kaggleEntries(2), "stored");
    EXPECT_EQ(scanDataset(stored).unsplit.size(), 4u);
}

TEST_F(ZipArchiveTest, ClassFoldersInsideAnArchiveAreClasses) {
    const auto archive = zip("small.zip", {{"cats_and_dogs_small/train/cats/a.png", image("a.png", 1)},
                                           {"cats_and_dogs_small/train/dogs/b.png", image("b.png", 2)},
                                           {"cats_and_dogs_small/validation/cats/c.png", image("c.png", 3)},
                                           {"cats_and_dogs_small/validation/dogs/d.png", image("d.png", 4)}});
    const auto dataset = scanDataset(archive);
    EXPECT_EQ(dataset.layout, DatasetLayout::SplitFolders);
    ASSERT_TRUE(dataset.predefined);
    EXPECT_EQ(dataset.predefined->train.size(), 2u);
    EXPECT_EQ(dataset.predefined->validation.size(), 2u);
    EXPECT_EQ(dataset.classes, (std::vector<std::string>{"cats", "dogs"}));
}

TEST_F(ZipArchiveTest, ASplitOfAnArchiveIsSavedAndExtractedFile) {
    const auto archive = zip("train.zip", kaggleEntries(4));
    const auto dataset = scanDataset(archive);
    const auto split = makeSplit(dataset, {2, 1, 1}, 7);
    const auto file = dir_.path() / "split.json";
    saveSplitFile(split, dataset.root, file);
    const auto loaded = loadSplitFile(file);
    ASSERT_EQ(loaded.train.size(), split.train.size());
    EXPECT_EQ(loaded.train.front().path, split.train.front().path);
    EXPECT_NO_THROW(ImageDecoder().decode(loaded.train.front().path));

    // Symbolic links cannot point into an archive: its files are written out.
    const auto out = dir_.path() / "materialized";
    materializeSplit(split, out, MaterializeMode::Symlink);
    const auto copied = out / "train" / "cat" / split.train.front().path.filename();
    const auto& first = split.train.front();
    ASSERT_EQ(split.classes[first.label], "cat");
    EXPECT_TRUE(fs::is_regular_file(copied) && !fs::is_symlink(copied)) << copied;
    EXPECT_EQ(test::readBytes(copied), test::readBytes(dir_.path() / "files" / first.path.filename()));
}

TEST_F(ZipArchiveTest, DamagedAndUnreadableEntriesAreSkippedWithTheirReason) {
    auto entries = kaggleEntries(2);
    const auto archive = zip("train.zip", entries);
    // Flip a byte in the middle of one entry's compressed data: its CRC-32 no longer matches.
    auto bytes = test::readBytes(archive);
    const auto zipped = ZipArchive(archive);
    const auto* victim = zipped.find("train/dog.1.jpg");
    ASSERT_NE(victim, nullptr);
    const auto dataAt = victim->localHeaderOffset + 30 + std::string("train/dog.1.jpg").size();
    bytes[dataAt + victim->compressedSize / 2] ^= 0x5A;
    const auto damaged = dir_.path() / "damaged.zip";
    test::writeBytes(damaged, bytes);

    const auto dataset = scanDataset(damaged);
    EXPECT_EQ(dataset.unsplit.size(), 3u);
    ASSERT_EQ(dataset.skipped.size(), 1u);
    EXPECT_EQ(dataset.skipped.front().path, damaged / "train" / "dog.1.jpg");
    EXPECT_TRUE(contains(dataset.skipped.front().reason, "damaged")) << dataset.skipped.front().reason;
    EXPECT_TRUE(
        contains(errorOf([&] { ImageDecoder().decode(damaged / "train" / "dog.1.jpg"); }), "dog.1.jpg: damaged"));

    // A compression method other than stored and deflated is named, not misread.
    const auto lzma = zip("lzma.zip", entries, "lzma");
    const auto reason = errorOf([&] { ImageDecoder().decode(lzma / "train" / "cat.0.jpg"); });
    EXPECT_TRUE(contains(reason, "compressed with method 14")) << reason;
    EXPECT_TRUE(contains(errorOf([&] { ImageDecoder().decode(archive / "train" / "cow.0.jpg"); }), "not in train.zip"));
}

TEST_F(ZipArchiveTest, DeclaredSizesAreCheckedBeforeAndWhileInflating) {
    const auto archive = zip("train.zip", kaggleEntries(1));
    const ZipArchive zipped(archive);
    auto entry = *zipped.find("train/cat.0.jpg");
    entry.size = ZipArchive::kMaxEntryBytes + 1;
    EXPECT_TRUE(contains(errorOf([&] { zipped.read(entry); }), "over the 256 MiB limit"));
    entry.size = 100;  // smaller than it inflates to: a bomb would lie the same way
    EXPECT_TRUE(contains(errorOf([&] { zipped.read(entry); }), "does not inflate to the 100 bytes"));
}

TEST_F(ZipArchiveTest, BrokenArchivesGetAClearError) {
    const auto archive = zip("train.zip", kaggleEntries(2));
    const auto bytes = test::readBytes(archive);
    const auto truncated = dir_.path() / "truncated.zip";
    test::writeBytes(truncated, bytes.substr(0, bytes.size() / 2));
    const auto message = errorOf([&] { scanDataset(truncated); });
    EXPECT_TRUE(contains(message, "truncated.zip: not a usable zip archive")) << message;

    const auto notZip = dir_.path() / "photos.zip";
    test::writeBytes(notZip, std::string(4000, 'x'));
    EXPECT_TRUE(contains(errorOf([&] { scanDataset(notZip); }), "not a usable zip archive"));
    EXPECT_TRUE(contains(errorOf([&] { scanDataset(archive / "nothing"); }), "no folder 'nothing'"));
}

TEST_F(ZipArchiveTest, AnArchiveInsideTheDownloadSaysWhichToExtract) {
    const auto inner = zip("train.zip", kaggleEntries(1));
    const auto outer =
        zip("dogs-vs-cats.zip", {{"train.zip", inner}, {"sampleSubmission.csv", dir_.path() / "zipper.py"}});
    const auto message = errorOf([&] { scanDataset(outer); });
    EXPECT_TRUE(contains(message, "holds another archive, train.zip")) << message;
    EXPECT_TRUE(contains(message, "unzip dogs-vs-cats.zip train.zip")) << message;
}

TEST_F(ZipArchiveTest, Zip64ArchivesOfOver65535EntriesAreRead) {
    const auto archive =
        zip("big.zip", {{"photos/cat.0.png", image("c.png", 5)}, {"photos/dog.0.png", image("d.png", 6)}}, "deflated",
            65600);
    const ZipArchive zipped(archive);
    EXPECT_EQ(zipped.entries().size(), 65602u);
    EXPECT_EQ(scanDataset(archive / "photos").unsplit.size(), 2u);
}

TEST_F(ZipArchiveTest, AFileStampChangesWithTheEntrysContent) {
    const auto archive =
        zip("train.zip", {{"train/cat.0.png", image("a.png", 1)}, {"train/dog.0.png", image("b.png", 2)}});
    const auto before = stampOf(archive / "train" / "cat.0.png");
    EXPECT_GT(before.size, 0u);
    zip("train.zip", {{"train/cat.0.png", image("a.png", 9)}, {"train/dog.0.png", image("b.png", 2)}});
    const auto after = stampOf(archive / "train" / "cat.0.png");
    EXPECT_NE(before.version, after.version) << "another image under the same name";
    EXPECT_EQ(stampOf(archive / "train" / "missing.png").size, 0u);
}

}  // namespace
}  // namespace tl
