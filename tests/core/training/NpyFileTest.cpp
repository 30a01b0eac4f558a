#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/training/NpyFile.h"
#include "core/util/Error.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

TEST(NpyFile, RoundTripFloatAndInt) {
    test::TempDir folder;
    const std::vector<float> values{0.5f, -1.25f, 3.0f, 4.0f, 5.5f, 6.0f};
    writeNpy(folder / "f.npy", {2, 3}, values.data());
    auto back = readNpy(folder / "f.npy");
    EXPECT_EQ(back.shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(back.values, values);
    const std::vector<float> labels{0, 1, 1};
    writeNpy(folder / "l.npy", {3}, labels.data(), true);
    back = readNpy(folder / "l.npy");
    EXPECT_EQ(back.shape, (std::vector<std::int64_t>{3}));
    EXPECT_EQ(back.values, labels);
    // the header is padded so the data starts on a 64-byte boundary, as NumPy writes it
    EXPECT_EQ((test::readBytes(folder / "l.npy").size() - 3 * 8) % 64, 0u);
}

TEST(NpyFile, RejectsWhatItCannotRead) {
    test::TempDir folder;
    test::writeBytes(folder / "text.npy", "hello");
    EXPECT_THROW(readNpy(folder / "text.npy"), Error);
    const std::vector<float> values(100, 1.0f);
    writeNpy(folder / "whole.npy", {100}, values.data());
    const auto bytes = test::readBytes(folder / "whole.npy");
    test::writeBytes(folder / "cut.npy", bytes.substr(0, bytes.size() - 10));
    EXPECT_THROW(readNpy(folder / "cut.npy"), Error);
}

TEST(NpyFile, NumPyReadsOursAndWeReadNumPys) {
    const std::string python = TRANSFERLAB_PYTHON;
    if (python.empty() || std::system((python + " -c 'import numpy' 2>/dev/null").c_str()) != 0) {
        GTEST_SKIP() << "Debian's python3 with numpy is not installed";
    }
    test::TempDir folder;
    const std::vector<float> values{1, 2, 3, 4, 5, 6, 7, 8};
    writeNpy(folder / "ours.npy", {2, 2, 2}, values.data());
    const auto script = folder / "check.py";
    test::writeBytes(script,
                     "import numpy as np, sys\n"
                     "a = np.load(sys.argv[1] + '/ours.npy')\n"
                     "assert a.shape == (2, 2, 2) and a.dtype == np.float32, (a.shape, a.dtype)\n"
                     "assert float(a[1, 1, 1]) == 8.0\n"
                     "np.save(sys.argv[1] + '/theirs.npy', np.arange(6, dtype=np.float64).reshape(3, 2) / 4)\n");
    ASSERT_EQ(std::system((python + " " + script.string() + " " + folder.path().string()).c_str()), 0);
    const auto theirs = readNpy(folder / "theirs.npy");
    EXPECT_EQ(theirs.shape, (std::vector<std::int64_t>{3, 2}));
    EXPECT_FLOAT_EQ(theirs.values[5], 1.25f);
}

}  // namespace
}  // namespace tl
