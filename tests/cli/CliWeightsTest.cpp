// transferlab-cli weights list | fetch | import | verify end to end, against a temporary home and
// a mirror served on 127.0.0.1; model summary naming the weights it loaded.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "cli/CliRunner.h"
#include "core/weights/Sha256.h"
#include "support/ErrorText.h"
#include "support/HttpTestServer.h"
#include "support/TempHome.h"
#include "support/TestImages.h"

namespace tl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::contains;
using test::runCli;

constexpr const char* kMobileNet = "mobilenet_1_0_224_tf_no_top.h5";

/// transferlab-cli runs with HOME, XDG_CACHE_HOME, TORCH_HOME and KERAS_HOME inside a temp dir.
class CliWeights : public ::testing::Test {
protected:
    test::TempHome home;
    fs::path app = home.app;
    fs::path hub = home.hub;
};

TEST_F(CliWeights, ListShowsEachFileWithItsStateAndSize) {
    test::writeBytes(hub / "vgg16-397923af.pth", std::string(2500, 'x'));
    auto result = runCli({"weights", "list"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(contains(result.out, (hub / "vgg16-397923af.pth").string())) << result.out;
    EXPECT_TRUE(contains(result.out, "2.5 kB")) << result.out;
    EXPECT_TRUE(contains(result.out, "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5")) << result.out;
    EXPECT_TRUE(contains(result.out, "missing")) << result.out;

    result = runCli({"weights", "list", "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto object = json::parse(result.lastLine());
    EXPECT_EQ(object["folders"][2], home.keras.string());
    int present = 0;
    for (const auto& file : object["files"]) {
        if (!file["present"].get<bool>()) continue;
        ++present;
        EXPECT_EQ(file["file"], "vgg16-397923af.pth");
        EXPECT_EQ(file["bytes"], 2500);
        EXPECT_EQ(file["hash_algorithm"], "sha256");
    }
    EXPECT_EQ(present, 1);
}

TEST_F(CliWeights, FetchDownloadsFromAMirrorWithProgressThenFindsIt) {
    test::TempDir served;
    test::writeBytes(served / kMobileNet, std::string(200'000, 'w'));
    test::HttpTestServer server(served.path(), served / "requests.log");
    auto result = runCli({"weights", "fetch", "mobilenet_v1", "--mirror", server.url("/files/"), "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "\"event\":\"transfer\"")) << result.out;
    auto object = json::parse(result.lastLine());
    EXPECT_TRUE(object["downloaded"].get<bool>());
    EXPECT_EQ(object["path"], (app / kMobileNet).string());
    EXPECT_EQ(fs::file_size(app / kMobileNet), 200'000u);

    result = runCli({"weights", "fetch", "mobilenet_v1", "--mirror", server.url("/files/")});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "already on this machine")) << result.out;
    EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(CliWeights, FetchRefusesACorruptFileAndSaysWhatToDoOffline) {
    test::TempDir served;
    test::writeBytes(served / "vgg16-397923af.pth", "not vgg16");
    test::HttpTestServer server(served.path(), served / "requests.log");
    const auto result = runCli({"weights", "fetch", "vgg16", "--mirror", server.url("/files")});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_TRUE(contains(result.err, "not the published file")) << result.err;
    EXPECT_TRUE(contains(result.err, "https://download.pytorch.org/models/vgg16-397923af.pth")) << result.err;
    EXPECT_TRUE(contains(result.err, "put it in " + app.string())) << result.err;
    EXPECT_FALSE(fs::exists(app / "vgg16-397923af.pth"));
    EXPECT_EQ(runCli({"weights", "fetch", "vgg16", "--source", "caffe"}).exitCode, 1);
}

TEST_F(CliWeights, ImportChecksTheFileAndVerifyReportsMismatches) {
    test::TempDir downloads;
    test::writeBytes(downloads / kMobileNet, "mobilenet");
    auto result = runCli({"weights", "import", (downloads / kMobileNet).string()});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "not verified")) << result.out;
    EXPECT_EQ(test::readBytes(app / kMobileNet), "mobilenet");

    result = runCli({"weights", "verify"});
    EXPECT_EQ(result.exitCode, 0) << result.out;
    EXPECT_TRUE(contains(result.out, "unverified")) << result.out;

    test::writeBytes(downloads / "resnet50-0676ba61.pth", "damaged");
    result = runCli({"weights", "import", (downloads / "resnet50-0676ba61.pth").string()});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_TRUE(contains(result.err, "is not the published file")) << result.err;
    EXPECT_FALSE(fs::exists(app / "resnet50-0676ba61.pth"));

    test::writeBytes(hub / "resnet50-0676ba61.pth", "damaged");
    result = runCli({"weights", "verify", "--json"});
    EXPECT_EQ(result.exitCode, 1);
    const auto object = json::parse(result.lastLine());
    EXPECT_EQ(object["mismatches"], 1);
    ASSERT_EQ(object["files"].size(), 2u);
    EXPECT_EQ(object["files"][1]["verdict"], "mismatch");
    EXPECT_EQ(object["files"][1]["actual_hash"], Sha256::ofFile(hub / "resnet50-0676ba61.pth"));
}

TEST_F(CliWeights, ModelSummaryNamesTheWeightsItLoaded) {
    test::TempDir fixtures;
    const auto script = std::string(TRANSFERLAB_SOURCE_DIR) + "/tests/core/weights/make_weights_fixtures.py";
    const auto command =
        std::string(TRANSFERLAB_PYTHON) + " " + script + " " + fixtures.path().string() + " resnet18 >/dev/null";
    if (std::system(command.c_str()) != 0) GTEST_SKIP() << "python3-torchvision is needed to write a weights file";
    const auto file = fixtures / "resnet18.pth";
    auto result = runCli({"model", "summary", "--backbone", "resnet18", "--weights", file.string()});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "Weights: torchvision (" + file.string() + ")")) << result.out;
    EXPECT_TRUE(contains(result.out, "Weights file: " + file.string())) << result.out;
    EXPECT_TRUE(contains(result.out, "Weights SHA-256: " + Sha256::ofFile(file))) << result.out;

    result = runCli({"model", "summary", "--backbone", "resnet18", "--weights", file.string(), "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto object = json::parse(result.lastLine());
    EXPECT_EQ(object["weights"]["sha256"], Sha256::ofFile(file));
    EXPECT_EQ(object["weights"]["source"], "torchvision");

    result = runCli({"model", "summary", "--backbone", "resnet18", "--weights", "imagenet"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_TRUE(contains(result.err, "https://download.pytorch.org/models/resnet18-f37072fd.pth")) << result.err;
    EXPECT_TRUE(
        json::parse(runCli({"model", "summary", "--backbone", "tiny", "--json"}).lastLine())["weights"].is_null());

    // an experiment's missing weights do not keep the summary from showing
    test::writeBytes(fixtures / "fe.json", R"({"model": {"backbone": "resnet18", "weights": "imagenet"}})");
    result = runCli({"model", "summary", "--experiment", (fixtures / "fe.json").string()});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "Weights: imagenet, not loaded: the ImageNet weights of resnet18 are not on"))
        << result.out;
}

}  // namespace
}  // namespace tl
