// Reading torch.save files written by Debian's python3-torch: both containers, shared storages,
// other element types; hostile, truncated and corrupted files. Skipped without that Python.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <random>

#include "core/models/Model.h"
#include "core/util/Error.h"
#include "core/weights/WeightsFile.h"
#include "core/weights/internal/RestrictedUnpickler.h"
#include "core/weights/internal/TorchCheckpoint.h"
#include "support/WeightsFixtures.h"

namespace tl::internal {
namespace {

std::string readAll(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeAll(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::map<std::string, torch::Tensor> byName(const std::vector<NamedTensor>& tensors) {
    std::map<std::string, torch::Tensor> map;
    for (const auto& named : tensors) map[named.name] = named.tensor;
    return map;
}

/// Loads `bytes` as a weights file: true if it loaded, false if refused with tl::Error. Any other
/// exception fails the test.
bool loadsOrRefuses(const std::filesystem::path& scratch, const std::string& bytes) {
    writeAll(scratch, bytes);
    try {
        readTorchCheckpoint(scratch);
        return true;
    } catch (const Error&) {
        return false;
    } catch (const std::exception& other) {
        ADD_FAILURE() << "not a tl::Error: " << other.what();
        return false;
    }
}

TEST(TorchCheckpoint, ReadsSharedStoragesOffsetsStridesAndTypesInBothFormats) {
    test::WeightsFixtures fixtures({"views"});
    if (!fixtures.skipReason().empty()) GTEST_SKIP() << fixtures.skipReason();
    ASSERT_TRUE(fixtures.ok());
    const auto flat = torch::arange(24, torch::kFloat32);
    for (const auto* name : {"views_zip.pth", "views_legacy.pth"}) {
        SCOPED_TRACE(name);
        const auto tensors = byName(readTorchCheckpoint(fixtures / name));
        ASSERT_EQ(tensors.size(), 6u);
        EXPECT_TRUE(torch::equal(tensors.at("whole"), flat.view({4, 6})));
        EXPECT_TRUE(torch::equal(tensors.at("tail"), flat.slice(0, 10, 16)));
        EXPECT_TRUE(torch::equal(tensors.at("transposed"), flat.view({4, 6}).t()));
        EXPECT_EQ(tensors.at("half").scalar_type(), torch::kFloat16);
        EXPECT_TRUE(torch::equal(tensors.at("half").to(torch::kFloat32), torch::tensor({0.5f, -2.0f, 1024.0f})));
        EXPECT_EQ(tensors.at("count").dim(), 0);
        EXPECT_EQ(tensors.at("count").item<std::int64_t>(), 42);
        EXPECT_EQ(tensors.at("empty").sizes(), (std::vector<std::int64_t>{0, 3}));
    }
}

TEST(TorchCheckpoint, RefusesPicklesThatWouldRunCodeAndRunsNone) {
    test::WeightsFixtures fixtures({"evil"});
    if (!fixtures.skipReason().empty()) GTEST_SKIP() << fixtures.skipReason();
    ASSERT_TRUE(fixtures.ok());
    const std::map<std::string, std::string> expected{
        {"evil_system_zip.pth", "it calls posix.system, which a weights file never needs"},
        {"evil_system_legacy.pth", "it calls posix.system, which a weights file never needs"},
        {"evil_eval.pth", "it calls builtins.eval, which a weights file never needs"},  // "__builtin__" in the file
    };
    Model model(ModelSpec{"tiny", {32, 32}, {}});
    for (const auto& [name, message] : expected) {
        SCOPED_TRACE(name);
        try {
            loadWeights(model, fixtures / name);
            ADD_FAILURE() << "loaded";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("refusing to load " + (fixtures / name).string() + ": " + message),
                      std::string::npos)
                << e.what();
        }
    }
    EXPECT_FALSE(std::filesystem::exists(fixtures / "pwned"));
}

TEST(TorchCheckpoint, EveryTruncationIsRefused) {
    test::WeightsFixtures fixtures({"views"});
    if (!fixtures.skipReason().empty()) GTEST_SKIP() << fixtures.skipReason();
    ASSERT_TRUE(fixtures.ok());
    for (const auto* name : {"views_zip.pth", "views_legacy.pth"}) {
        SCOPED_TRACE(name);
        const auto bytes = readAll(fixtures / name);
        ASSERT_TRUE(loadsOrRefuses(fixtures / "scratch.pth", bytes));
        // Every length of the legacy file (its pickles and raw data run front to back); a zip needs
        // its directory at the end, so there every length in the last 128 bytes and a sample before.
        const bool zip = std::string_view(name).find("zip") != std::string_view::npos;
        for (std::size_t length = 0; length < bytes.size();) {
            EXPECT_FALSE(loadsOrRefuses(fixtures / "scratch.pth", bytes.substr(0, length))) << "length " << length;
            length += zip && length + 128 < bytes.size() ? 17 : 1;
        }
    }
}

TEST(TorchCheckpoint, CorruptedFilesAreRefusedOrReadNeverCrash) {
    test::WeightsFixtures fixtures({"views"});
    if (!fixtures.skipReason().empty()) GTEST_SKIP() << fixtures.skipReason();
    ASSERT_TRUE(fixtures.ok());
    std::mt19937 random(3);
    for (const auto* name : {"views_zip.pth", "views_legacy.pth"}) {
        SCOPED_TRACE(name);
        const auto original = readAll(fixtures / name);
        int refused = 0;
        for (int trial = 0; trial < 400; ++trial) {
            auto bytes = original;
            bytes[random() % bytes.size()] = static_cast<char>(random() % 256);
            if (!loadsOrRefuses(fixtures / "scratch.pth", bytes)) ++refused;
        }
        EXPECT_GT(refused, 0);
    }
    // Neither container checksums its contents (LibTorch's zip reader skips CRCs), so a flipped
    // value byte goes unnoticed; a damaged length or count must still be refused.
    for (const auto* name : {"views_zip.pth", "views_legacy.pth"}) {
        SCOPED_TRACE(name);
        auto bytes = readAll(fixtures / name);
        const auto key = bytes.find("whole");  // BINUNICODE: 4-byte length, then the text
        ASSERT_NE(key, std::string::npos);
        bytes.replace(key - 4, 4, "\xff\xff\xff\x7f");
        EXPECT_FALSE(loadsOrRefuses(fixtures / "scratch.pth", bytes));
    }
    // The legacy raw section starts after five pickles with the first storage's element count.
    auto legacy = readAll(fixtures / "views_legacy.pth");
    std::size_t rawStart = 0;
    for (int pickle = 0; pickle < 5; ++pickle) {
        RestrictedUnpickler unpickler(std::string_view(legacy).substr(rawStart), "views_legacy.pth");
        unpickler.load();
        rawStart += unpickler.position();
    }
    legacy.replace(rawStart, 8, "\xff\xff\xff\xff\xff\xff\xff\x0f");
    EXPECT_FALSE(loadsOrRefuses(fixtures / "scratch.pth", legacy));
}

TEST(TorchCheckpoint, RefusesFilesThatAreNotPyTorchWeights) {
    test::TempDir folder;
    Model model(ModelSpec{"tiny", {32, 32}, {}});
    writeAll(folder / "empty.pth", "");
    writeAll(folder / "text.pth", "just some text\n");
    writeAll(folder / "keras.h5", std::string("\x89HDF\r\n\x1a\n", 8) + std::string(64, '\0'));
    EXPECT_THROW(loadWeights(model, folder / "empty.pth"), Error);
    EXPECT_THROW(loadWeights(model, folder / "text.pth"), Error);
    EXPECT_THROW(loadWeights(model, folder / "absent.pth"), Error);
    try {
        loadWeights(model, folder / "keras.h5");
        ADD_FAILURE() << "loaded";
    } catch (const Error& e) {
        // Recognised as Keras weights by the HDF5 signature (tests/core/keras covers those).
        EXPECT_NE(std::string(e.what()).find("holds Keras weights"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace tl::internal
