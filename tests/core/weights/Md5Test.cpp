// MD5 against the RFC 1321 test suite, the padding edge cases, pieces, and files.
#include <gtest/gtest.h>

#include <fstream>

#include "core/util/Error.h"
#include "core/weights/FileDigest.h"
#include "core/weights/Md5.h"
#include "support/TempDir.h"

namespace tl {
namespace {

std::string digest(std::string_view text) {
    Md5 hash;
    hash.update(text);
    return hash.finishHex();
}

TEST(Md5, MatchesTheRfc1321TestSuite) {
    EXPECT_EQ(digest(""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(digest("a"), "0cc175b9c0f1b6a831c399e269772661");
    EXPECT_EQ(digest("abc"), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(digest("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
    EXPECT_EQ(digest("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
    EXPECT_EQ(digest("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
              "d174ab98d277d9f5a5611c2c9f419d9f");
    std::string digits;
    for (int i = 0; i < 8; ++i) digits += "1234567890";
    EXPECT_EQ(digest(digits), "57edf4a22be3c955ac49da2e2107b67a");
    EXPECT_EQ(digest(std::string(1'000'000, 'a')), "7707d6ae4e027c70eea2a935c2296f21");
}

TEST(Md5, PaddingAtTheBlockEdges) {
    // 55 bytes leave room for the length in the same block; 56 and 64 do not.
    EXPECT_EQ(digest(std::string(55, 'a')), "ef1772b6dff9a122358552954ad0df65");
    EXPECT_EQ(digest(std::string(56, 'a')), "3b0c8ac703f828b04c6c197006d17218");
    EXPECT_EQ(digest(std::string(64, 'a')), "014842d480b571495a4a0363793f7367");
}

TEST(Md5, PiecesGiveTheSameDigestAsTheWhole) {
    std::string text;
    for (int i = 0; i < 1000; ++i) text += static_cast<char>(i * 13);
    Md5 pieces;
    for (std::size_t start = 0, step = 1; start < text.size(); start += step, step = step % 70 + 1) {
        pieces.update(std::string_view(text).substr(start, step));
    }
    EXPECT_EQ(pieces.finishHex(), digest(text));
}

TEST(Md5, HashesFilesLikeFileDigest) {
    test::TempDir folder;
    std::ofstream(folder / "abc.txt") << "abc";
    EXPECT_EQ(Md5::ofFile(folder / "abc.txt"), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(fileDigest(folder / "abc.txt", HashAlgorithm::Md5), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(fileDigest(folder / "abc.txt", HashAlgorithm::Sha256),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_THROW(Md5::ofFile(folder / "absent"), Error);
}

}  // namespace
}  // namespace tl
