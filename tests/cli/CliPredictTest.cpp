// transferlab-cli predict --imagenet: a pretrained backbone with its own classifier names the
// ImageNet classes torchvision finds in an image; model summary --imagenet-top counts the
// published architecture.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/CliRunner.h"
#include "core/data/ImagenetLabels.h"
#include "support/TempHome.h"
#include "support/WeightsFixtures.h"

namespace tl {
namespace {

using test::runCli;

TEST(CliPredict, ImagenetNamesTheClassesTorchvisionFinds) {
    test::WeightsFixtures fixtures({"resnet18", "photo"});
    TL_REQUIRE_FIXTURES(fixtures);
    const auto photo = (fixtures / "photo.png").string();
    auto result = runCli({"predict", "--imagenet", "--backbone", "resnet18", "--weights",
                          (fixtures / "resnet18.pth").string(), "--top", "3", "--json", photo});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto json = nlohmann::json::parse(result.lastLine());
    EXPECT_EQ(json["preprocessing"], "torchvision");
    EXPECT_EQ(json["weights"]["source"], "torchvision");
    const auto& prediction = json["predictions"].at(0);
    ASSERT_EQ(prediction["top"].size(), 3u);
    int index = -1;
    std::ifstream(fixtures / "photo.top5.txt") >> index;
    EXPECT_EQ(prediction["top"][0]["index"], index);
    EXPECT_EQ(prediction["class"], imagenetLabels().at(static_cast<std::size_t>(index)));

    result = runCli({"predict", "--imagenet", "--backbone", "resnet18", "--weights",
                     (fixtures / "resnet18.pth").string(), photo, (fixtures / "missing.png").string()});
    EXPECT_EQ(result.exitCode, 1) << "one image failed";
    EXPECT_NE(result.out.find(photo + ": " + imagenetLabels().at(static_cast<std::size_t>(index))), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("missing.png: error:"), std::string::npos) << result.out;
}

TEST(CliPredict, NeedsARunOrImagenetAndTheWeightsOnThisMachine) {
    EXPECT_EQ(runCli({"predict", "x.png"}).exitCode, 2);
    EXPECT_EQ(runCli({"predict", "--run", "r", "--imagenet", "x.png"}).exitCode, 2);
    auto result = runCli({"predict", "--imagenet", "--backbone", "tiny", "x.png"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("has no ImageNet"), std::string::npos) << result.err;

    // Offline with empty caches: the message names the files with the top and where to put them.
    test::TempHome home;
    result = runCli({"predict", "--imagenet", "--backbone", "vgg16", "x.png"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("vgg16-397923af.pth"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("vgg16_weights_tf_dim_ordering_tf_kernels.h5"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("notop"), std::string::npos) << result.err;
}

TEST(CliPredict, ModelSummaryWithTheImagenetTop) {
    const auto result =
        runCli({"model", "summary", "--backbone", "squeezenet1_1", "--input", "224", "--imagenet-top", "--json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto json = nlohmann::json::parse(result.lastLine());
    EXPECT_EQ(json["total_parameters"], 1235496);  // torchvision's squeezenet1_1
    EXPECT_EQ(json["layers"].back()["output_shape"], (nlohmann::json{1000}));
}

}  // namespace
}  // namespace tl
