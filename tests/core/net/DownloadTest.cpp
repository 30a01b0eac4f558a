// download() against a real HTTP server on 127.0.0.1: complete transfers with progress, resuming
// after a broken connection, a server that ignores Range, digest mismatches, HTTP and connection
// errors, the stop flag, and proxies taken from the environment.
#include <gtest/gtest.h>

#include <random>

#include "core/net/Download.h"
#include "core/util/Error.h"
#include "support/ErrorText.h"
#include "support/HttpTestServer.h"
#include "support/ScopedEnv.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

namespace fs = std::filesystem;
using test::contains;
using test::errorOf;
using test::HttpTestServer;
using test::ScopedEnv;

std::string randomBytes(std::size_t count) {
    std::mt19937 random(7);
    std::string bytes(count, '\0');
    for (auto& byte : bytes) byte = static_cast<char>(random());
    return bytes;
}

/// A served file and a fresh destination folder.
class DownloadTest : public ::testing::Test {
protected:
    static constexpr std::size_t kSize = 300'000;
    test::TempDir served;
    test::TempDir target;
    std::string content = randomBytes(kSize);
    HttpTestServer server{(test::writeBytes(served / "weights.bin", content), served.path()), served / "requests.log"};
    fs::path destination = target / "cache" / "weights.bin";

    ExpectedDigest sha256() const {
        return {HashAlgorithm::Sha256, fileDigest(served / "weights.bin", HashAlgorithm::Sha256)};
    }
    DownloadRequest request(const std::string& path) const {
        return {server.url(path), destination, sha256(), {}, nullptr};
    }
};

TEST_F(DownloadTest, CompletesAndReportsProgress) {
    std::vector<DownloadProgress> reports;
    auto r = request("/files/weights.bin");
    r.digest.hex.resize(8);  // a torchvision-style prefix
    r.progress = [&](const DownloadProgress& p) { reports.push_back(p); };
    const auto result = download(r);
    EXPECT_TRUE(result.completed);
    EXPECT_EQ(result.bytes, kSize);
    EXPECT_EQ(result.resumedFrom, 0u);
    EXPECT_EQ(result.digest, sha256().hex);
    EXPECT_EQ(test::readBytes(destination), content);
    EXPECT_FALSE(fs::exists(partialPath(destination)));
    ASSERT_FALSE(reports.empty());
    EXPECT_EQ(reports.back().bytesDone, kSize);
    EXPECT_EQ(reports.back().bytesTotal, kSize);
    EXPECT_GT(reports.back().bytesPerSecond, 0.0);
    EXPECT_DOUBLE_EQ(reports.back().etaSeconds, 0.0);
    for (std::size_t i = 1; i < reports.size(); ++i) EXPECT_GE(reports[i].bytesDone, reports[i - 1].bytesDone);
}

TEST_F(DownloadTest, ABrokenConnectionKeepsThePartAndTheNextAttemptResumes) {
    const auto message = errorOf([&] { download(request("/cut/100000/weights.bin")); });
    EXPECT_TRUE(contains(message, "the connection broke")) << message;
    EXPECT_TRUE(contains(message, "100000 bytes received are kept in " + partialPath(destination).string())) << message;
    EXPECT_EQ(fs::file_size(partialPath(destination)), 100'000u);
    EXPECT_FALSE(fs::exists(destination));

    const auto result = download(request("/files/weights.bin"));
    EXPECT_TRUE(result.completed);
    EXPECT_EQ(result.resumedFrom, 100'000u);
    EXPECT_EQ(test::readBytes(destination), content);
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_TRUE(contains(requests[0], "\"range\": null")) << requests[0];
    EXPECT_TRUE(contains(requests[1], "\"range\": \"bytes=100000-\"")) << requests[1];
}

TEST_F(DownloadTest, AServerThatIgnoresRangeMakesItStartAgain) {
    fs::create_directories(destination.parent_path());
    test::writeBytes(partialPath(destination), "stale bytes of another attempt");
    const auto result = download(request("/norange/weights.bin"));
    EXPECT_EQ(result.resumedFrom, 0u);
    EXPECT_EQ(test::readBytes(destination), content);
    EXPECT_TRUE(contains(server.requests().at(0), "bytes=30-"));
}

TEST_F(DownloadTest, AWholePartIsFinishedWithoutDownloadingAgain) {
    fs::create_directories(destination.parent_path());
    test::writeBytes(partialPath(destination), content);
    const auto result = download(request("/files/weights.bin"));  // the server answers 416
    EXPECT_TRUE(result.completed);
    EXPECT_EQ(test::readBytes(destination), content);
    EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(DownloadTest, ADigestMismatchDeletesTheDownload) {
    auto r = request("/files/weights.bin");
    r.digest = {HashAlgorithm::Md5, "0123456789abcdef0123456789abcdef"};
    const auto message = errorOf([&] { download(r); });
    EXPECT_TRUE(contains(message, "not the published file")) << message;
    EXPECT_TRUE(contains(message, "expected 0123456789abcdef0123456789abcdef")) << message;
    EXPECT_TRUE(contains(message, "md5 is " + fileDigest(served / "weights.bin", HashAlgorithm::Md5))) << message;
    EXPECT_FALSE(fs::exists(partialPath(destination)));
    EXPECT_FALSE(fs::exists(destination));
}

TEST_F(DownloadTest, HttpErrorsNameTheStatusAndLeaveNothing) {
    const auto message = errorOf([&] { download(request("/files/absent.bin")); });
    EXPECT_TRUE(contains(message, "cannot download " + server.url("/files/absent.bin"))) << message;
    EXPECT_TRUE(contains(message, "HTTP 404")) << message;
    EXPECT_FALSE(fs::exists(partialPath(destination)));
    EXPECT_FALSE(fs::exists(destination));
}

TEST_F(DownloadTest, AServerThatIsGoneIsAConnectionError) {
    const auto url = server.url("/files/weights.bin");
    server.stop();
    const auto message = errorOf([&] { download({url, destination, sha256(), {}, nullptr}); });
    EXPECT_TRUE(contains(message, "cannot download " + url)) << message;
    EXPECT_TRUE(contains(message, "offline?")) << message;
    EXPECT_FALSE(fs::exists(destination));
}

TEST_F(DownloadTest, TheStopFlagEndsItAndKeepsThePart) {
    std::atomic<bool> stop{true};
    auto r = request("/files/weights.bin");
    r.stop = &stop;
    const auto result = download(r);
    EXPECT_FALSE(result.completed);
    EXPECT_FALSE(fs::exists(destination));
}

TEST_F(DownloadTest, HonoursHttpProxyFromTheEnvironment) {
    // The test server acts as the proxy of a host that does not exist.
    ScopedEnv proxy("http_proxy", server.url(""));
    ScopedEnv noProxy("no_proxy", "");
    const auto result = download({"http://weights.invalid/files/weights.bin", destination, sha256(), {}, nullptr});
    EXPECT_TRUE(result.completed);
    EXPECT_EQ(test::readBytes(destination), content);
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_TRUE(contains(requests[0], "\"target\": \"http://weights.invalid/files/weights.bin\"")) << requests[0];
    EXPECT_TRUE(contains(requests[0], "\"proxied\": true")) << requests[0];
}

TEST_F(DownloadTest, NoProxyExemptsAHost) {
    ScopedEnv proxy("http_proxy", "http://127.0.0.1:9");  // nothing listens there
    ScopedEnv noProxy("no_proxy", "127.0.0.1");
    EXPECT_TRUE(download(request("/files/weights.bin")).completed);
    EXPECT_TRUE(contains(server.requests().at(0), "\"proxied\": false"));
}

}  // namespace
}  // namespace tl
