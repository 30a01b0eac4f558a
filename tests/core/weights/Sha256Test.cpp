// SHA-256 against the FIPS 180-4 examples, fed whole and in awkward pieces.
#include <gtest/gtest.h>

#include <fstream>

#include "core/util/Error.h"
#include "core/weights/Sha256.h"
#include "support/TempDir.h"

namespace tl {
namespace {

std::string digest(std::string_view text) {
    Sha256 hash;
    hash.update(text);
    return hash.finishHex();
}

TEST(Sha256, MatchesTheStandardExamples) {
    EXPECT_EQ(digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(digest(std::string(1'000'000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PiecesGiveTheSameDigestAsTheWhole) {
    std::string text;
    for (int i = 0; i < 1000; ++i) text += static_cast<char>(i * 7);
    Sha256 pieces;
    for (std::size_t start = 0, step = 1; start < text.size(); start += step, step = step % 70 + 1) {
        pieces.update(std::string_view(text).substr(start, step));
    }
    EXPECT_EQ(pieces.finishHex(), digest(text));
}

TEST(Sha256, HashesFiles) {
    test::TempDir folder;
    std::ofstream(folder / "abc.txt") << "abc";
    EXPECT_EQ(Sha256::ofFile(folder / "abc.txt"), digest("abc"));
    EXPECT_THROW(Sha256::ofFile(folder / "absent"), Error);
}

}  // namespace
}  // namespace tl
