// Fetching ImageNet files into the app's cache from a mirror (the test server), importing files
// obtained by hand, listing and verifying what is cached. The catalogue is the real one: its
// digests are those of the published files, which the tests cannot reproduce, so the accepted
// paths use Keras' MobileNet files (published without a digest) and the refused ones any file.
#include <gtest/gtest.h>

#include "core/util/Error.h"
#include "core/weights/WeightsCache.h"
#include "core/weights/WeightsFetch.h"
#include "core/weights/WeightsLookup.h"
#include "support/ErrorText.h"
#include "support/HttpTestServer.h"
#include "support/TempHome.h"
#include "support/TestImages.h"

namespace tl {
namespace {

namespace fs = std::filesystem;
using test::contains;
using test::errorOf;

constexpr const char* kMobileNet = "mobilenet_1_0_224_tf_no_top.h5";

class WeightsFetchTest : public ::testing::Test {
protected:
    test::TempHome home;
    test::TempDir served;
    test::HttpTestServer server{served.path(), served / "requests.log"};
    fs::path app = home.app;

    void serve(const std::string& name, const std::string& content) { test::writeBytes(served / name, content); }
};

TEST_F(WeightsFetchTest, DownloadsFromAMirrorIntoTheAppCacheOnce) {
    serve(kMobileNet, "keras mobilenet weights");
    FetchOptions options;
    options.mirror = server.url("/files/");
    const auto result = fetchImagenetWeights("mobilenet_v1", options);
    EXPECT_TRUE(result.downloaded);
    EXPECT_EQ(result.url, server.url("/files/") + kMobileNet);
    EXPECT_EQ(result.file, app / kMobileNet);
    EXPECT_EQ(test::readBytes(app / kMobileNet), "keras mobilenet weights");
    EXPECT_EQ(result.entry.preprocessing, Preprocessing::Tf);

    const auto again = fetchImagenetWeights("mobilenet_v1", options);
    EXPECT_FALSE(again.downloaded);
    EXPECT_EQ(again.file, app / kMobileNet);
    EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(WeightsFetchTest, AFileTheKerasNotebookDownloadedIsUsedAsItIs) {
    test::writeBytes(home.keras / "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5", "h5");
    FetchOptions options;
    options.mirror = server.url("/files");
    const auto result = fetchImagenetWeights("vgg16", options);
    EXPECT_FALSE(result.downloaded);
    EXPECT_EQ(result.entry.source, "keras");
    EXPECT_TRUE(server.requests().empty());
}

TEST_F(WeightsFetchTest, ACorruptDownloadIsRefusedWithTheWayToGetTheFileByHand) {
    serve("resnet18-f37072fd.pth", "not the published bytes");
    FetchOptions options;
    options.mirror = server.url("/files");
    const auto message = errorOf([&] { fetchImagenetWeights("resnet18", options); });
    EXPECT_TRUE(contains(message, "not the published file")) << message;
    EXPECT_TRUE(contains(message, "expected f37072fd")) << message;
    EXPECT_TRUE(contains(message, "download https://download.pytorch.org/models/resnet18-f37072fd.pth")) << message;
    EXPECT_TRUE(contains(message, "put it in " + app.string())) << message;
    EXPECT_FALSE(fs::exists(app / "resnet18-f37072fd.pth"));
    EXPECT_FALSE(fs::exists(app / "resnet18-f37072fd.pth.part"));
}

TEST_F(WeightsFetchTest, ChoosesTheSourceAndTheTop) {
    serve("mobilenet_2_5_224_tf.h5", "with top");
    FetchOptions options;
    options.mirror = server.url("/files");
    options.includeTop = true;
    options.source = "keras";
    EXPECT_EQ(fetchImagenetWeights("mobilenet_v1_025", options).file, app / "mobilenet_2_5_224_tf.h5");
    options.source = "torchvision";
    EXPECT_TRUE(contains(errorOf([&] { fetchImagenetWeights("mobilenet_v1_025", options); }), "has keras weights"));
}

TEST_F(WeightsFetchTest, ImportsByNameAndRefusesWhatDoesNotMatch) {
    test::TempDir downloads;
    test::writeBytes(downloads / kMobileNet, "mobilenet");
    const auto imported = importWeightsFile(downloads / kMobileNet);
    EXPECT_EQ(imported.file, app / kMobileNet);
    EXPECT_EQ(imported.check.verdict, DigestCheck::Verdict::NotPublished);
    EXPECT_EQ(test::readBytes(app / kMobileNet), "mobilenet");

    test::writeBytes(downloads / "vgg16-397923af.pth", "truncated");
    auto message = errorOf([&] { importWeightsFile(downloads / "vgg16-397923af.pth"); });
    EXPECT_TRUE(contains(message, "is not the published file")) << message;
    EXPECT_FALSE(fs::exists(app / "vgg16-397923af.pth"));

    test::writeBytes(downloads / "renamed.pth", "unknown bytes");
    message = errorOf([&] { importWeightsFile(downloads / "renamed.pth"); });
    EXPECT_TRUE(contains(message, "not a known ImageNet weights file")) << message;
}

TEST_F(WeightsFetchTest, ListsAndVerifiesEveryCopy) {
    test::writeBytes(home.hub / "vgg16-397923af.pth", "damaged");
    test::writeBytes(app / kMobileNet, "mobilenet");
    std::size_t present = 0;
    for (const auto& state : imagenetWeightsStates()) {
        if (!state.file) continue;
        ++present;
        if (state.entry.fileName == kMobileNet) {
            EXPECT_EQ(state.bytes, 9u);
        }
    }
    EXPECT_EQ(present, 2u);
    const auto verified = verifyCachedWeights();
    ASSERT_EQ(verified.size(), 2u);
    EXPECT_EQ(verified[0].entry.fileName, kMobileNet);  // the app's folder comes first
    EXPECT_EQ(verified[0].check.verdict, DigestCheck::Verdict::NotPublished);
    EXPECT_EQ(verified[1].check.verdict, DigestCheck::Verdict::Differs);
}

}  // namespace
}  // namespace tl
