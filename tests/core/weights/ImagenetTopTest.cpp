// The backbones' own ImageNet classifiers: with a whole torchvision model's weights loaded, core's
// model gives torchvision's 1000 logits, and ImagenetClassifier names the classes torchvision
// finds in an image file. Skipped where Debian's python3-torch / python3-torchvision are missing.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>

#include "core/data/ImagenetLabels.h"
#include "core/inference/ImagenetClassifier.h"
#include "core/models/internal/Network.h"
#include "core/util/Error.h"
#include "core/weights/WeightsFile.h"
#include "support/ErrorText.h"
#include "support/TestImages.h"
#include "support/TorchReference.h"
#include "support/WeightsFixtures.h"

namespace tl {
namespace {

ModelSpec imagenetSpec(const std::string& backbone, int size) {
    ModelSpec spec{backbone, {size, size}, {}};
    spec.head.kind = HeadKind::Imagenet;
    return spec;
}

/// Loads the whole file into `backbone` with its ImageNet classifier and compares the logits
/// with torchvision's whole model on the same input.
WeightsReport expectTorchvisionLogits(const std::string& backbone, const std::filesystem::path& file,
                                      const std::filesystem::path& reference) {
    const auto [input, expected] = test::readReference(reference);
    Model model(imagenetSpec(backbone, static_cast<int>(input.size(3))));
    const auto report = loadWeights(model, file);
    EXPECT_TRUE(report.missing.empty() && report.unexpected.empty() && report.mismatched.empty()) << describe(report);
    EXPECT_TRUE(report.ignoredTop.empty()) << describe(report);
    torch::NoGradGuard noGrad;
    model.network().setTraining(false);
    const auto actual = model.network().forward(input);
    EXPECT_EQ(actual.sizes(), expected.sizes());
    if (actual.sizes() != expected.sizes()) return report;
    const auto difference = (actual - expected).abs().max().item<double>();
    std::cout << backbone << " logits vs torchvision: max abs difference " << difference << " (max |y| "
              << expected.abs().max().item<double>() << ")\n";
    EXPECT_LT(difference, 1e-4) << backbone;
    EXPECT_TRUE(actual.argmax(1).equal(expected.argmax(1))) << backbone;
    return report;
}

TEST(ImagenetTop, ResNet18MobileNetV2AndSqueezeNetGiveTorchvisionsLogits) {
    test::WeightsFixtures fixtures({"resnet18", "mobilenet_v2", "squeezenet1_1"});
    TL_REQUIRE_FIXTURES(fixtures);
    auto report =
        expectTorchvisionLogits("resnet18", fixtures / "resnet18.pth", fixtures / "resnet18.top_reference.pt");
    // The base's 120 tensors (BatchNorm statistics and counters included), then fc's weight and bias.
    EXPECT_EQ(report.loaded, 120u + 2u);
    expectTorchvisionLogits("mobilenet_v2", fixtures / "mobilenet_v2_legacy.pth",
                            fixtures / "mobilenet_v2.top_reference.pt");
    expectTorchvisionLogits("squeezenet1_1", fixtures / "squeezenet_checkpoint.pth",
                            fixtures / "squeezenet1_1.top_reference.pt");
}

TEST(ImagenetTop, SummaryCountsThePublishedParameters) {
    // torchvision's and Keras' published totals; neither has BatchNorm, so the two agree.
    const auto summary = Model(imagenetSpec("vgg16", 224)).summary();
    EXPECT_EQ(summary.totalParameters, 138'357'544);
    EXPECT_EQ(Model(imagenetSpec("squeezenet1_1", 224)).summary().totalParameters, 1'235'496);
    std::vector<std::string> top;
    for (const auto& layer : summary.layers) {
        if (!layer.inBase) top.push_back(layer.name);
    }
    EXPECT_EQ(top,
              (std::vector<std::string>{"avgpool", "flatten", "fc1", "dropout", "fc2", "dropout_1", "predictions"}));
    EXPECT_EQ(summary.layers.back().outputShape, (std::vector<std::int64_t>{1000}));
    EXPECT_NE(test::errorOf([] { Model tiny(imagenetSpec("tiny", 32)); }).find("has no ImageNet classifier"),
              std::string::npos);
}

TEST(ImagenetTop, ClassifierNamesTheClassesTorchvisionFindsInAnImage) {
    test::WeightsFixtures fixtures({"resnet18", "photo"});
    TL_REQUIRE_FIXTURES(fixtures);
    ImagenetClassifierOptions options;
    options.backbone = "resnet18";
    options.weights = (fixtures / "resnet18.pth").string();
    ImagenetClassifier classifier(options);
    EXPECT_EQ(classifier.input(), (ImageSize{224, 224}));  // the photo's own size: nothing is resized
    EXPECT_EQ(classifier.preprocessing(), Preprocessing::Torchvision);
    EXPECT_EQ(classifier.weights().source, "torchvision");

    const auto prediction = classifier.classify(fixtures / "photo.png", 5);
    ASSERT_TRUE(prediction.error.empty()) << prediction.error;
    ASSERT_EQ(prediction.top.size(), 5u);
    std::ifstream expected(fixtures / "photo.top5.txt");
    for (const auto& score : prediction.top) {
        int index = -1;
        double probability = 0.0;
        ASSERT_TRUE(expected >> index >> probability);
        EXPECT_EQ(score.index, index);
        EXPECT_EQ(score.label, imagenetLabels().at(static_cast<std::size_t>(index)));
        EXPECT_NEAR(score.probability, probability, 1e-5);
    }
    EXPECT_EQ(classifier.classify(fixtures / "photo.png", 1).top.size(), 1u);
    EXPECT_EQ(classifier.classify(fixtures / "photo.png", 5000).top.size(), 1000u);
}

TEST(ImagenetTop, ABadImageIsAnErrorInThePredictionNotAThrow) {
    test::WeightsFixtures fixtures({"squeezenet1_1"});
    TL_REQUIRE_FIXTURES(fixtures);
    ImagenetClassifierOptions options;
    options.backbone = "squeezenet1_1";
    options.weights = (fixtures / "squeezenet_checkpoint.pth").string();
    options.input = ImageSize{64, 64};
    ImagenetClassifier classifier(options);
    test::writeBytes(fixtures / "broken.jpg", "not a jpeg at all");
    const auto prediction = classifier.classify(fixtures / "broken.jpg");
    EXPECT_TRUE(prediction.top.empty());
    EXPECT_NE(prediction.error.find("broken.jpg"), std::string::npos) << prediction.error;
}

TEST(ImagenetTop, WeightsWithoutTheClassifierAreRefusedNamingWhatIsMissing) {
    test::WeightsFixtures fixtures({"vgg16"});  // vgg16_features_legacy.pth: features only
    TL_REQUIRE_FIXTURES(fixtures);
    ImagenetClassifierOptions options;
    options.backbone = "vgg16";
    options.weights = (fixtures / "vgg16_features_legacy.pth").string();
    const auto message = test::errorOf([&] { ImagenetClassifier classifier(options); });
    EXPECT_NE(message.find("classifier.0.weight [4096, 25088]"), std::string::npos) << message;
    EXPECT_NE(message.find("classifier.6.bias [1000]"), std::string::npos) << message;

    options.weights = "random";
    EXPECT_NE(test::errorOf([&] { ImagenetClassifier classifier(options); }).find("pretrained"), std::string::npos);
    options.backbone = "tiny";
    options.weights = "imagenet";
    EXPECT_NE(test::errorOf([&] { ImagenetClassifier classifier(options); }).find("has no ImageNet"),
              std::string::npos);
}

}  // namespace
}  // namespace tl
