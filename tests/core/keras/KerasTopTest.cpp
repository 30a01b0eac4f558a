// keras.applications' include_top files: the classifier loads by Keras' layer names (fc1, fc2,
// predictions, conv_preds) and the logits equal an independent reference reading the same file;
// VGG16's fc1, which Keras feeds a channels-last Flatten, gives torchvision's logits again.
#include <gtest/gtest.h>

#include <iostream>

#include "KerasFixtures.h"
#include "core/models/internal/Network.h"
#include "core/util/Error.h"
#include "core/weights/WeightsFile.h"
#include "support/ErrorText.h"

namespace tl {
namespace {

ModelSpec imagenetSpec(const std::string& backbone, const torch::Tensor& input) {
    ModelSpec spec{backbone, {static_cast<int>(input.size(3)), static_cast<int>(input.size(2))}, {}};
    spec.head.kind = HeadKind::Imagenet;
    return spec;
}

torch::Tensor logits(Model& model, const torch::Tensor& input) {
    torch::NoGradGuard noGrad;
    model.network().setTraining(false);
    return model.network().forward(input);
}

/// Max |a - b| relative to b's scale (at least 1).
double relativeDifference(const torch::Tensor& a, const torch::Tensor& b) {
    const auto scale = std::max(1.0, b.abs().max().item<double>());
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>() / scale;
}

/// Loads the whole Keras file into `backbone` with its ImageNet classifier; the logits must
/// match the float64 reference of the Keras graph with its top.
WeightsReport expectKerasLogits(const std::string& backbone, const std::filesystem::path& file,
                                const std::filesystem::path& reference) {
    const auto [input, expected] = test::readReference(reference);
    Model model(imagenetSpec(backbone, input));
    const auto report = loadWeights(model, file);
    EXPECT_TRUE(report.missing.empty() && report.unexpected.empty() && report.mismatched.empty()) << describe(report);
    EXPECT_TRUE(report.ignoredTop.empty()) << describe(report);
    const auto actual = logits(model, input);
    EXPECT_EQ(actual.sizes(), expected.sizes());
    if (actual.sizes() != expected.sizes()) return report;
    const auto difference = relativeDifference(actual, expected);
    std::cout << backbone << " logits vs the Keras reference: max difference " << difference << " of the scale\n";
    EXPECT_LT(difference, 2e-4) << backbone;
    return report;
}

TEST(KerasTop, MobileNetConvPredsMatchesTheKerasGraph) {
    const auto& fixtures = test::KerasFixtures::get("mobilenet");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    const auto report = expectKerasLogits("mobilenet_v1_025", fixtures / "mobilenet_2_5.h5",
                                          fixtures / "mobilenet_2_5_top.reference.pt");
    EXPECT_EQ(report.loaded, 1u + 4u + 13u * 10u + 2u);  // the base, then conv_preds' kernel and bias

    // A file without the top cannot fill the classifier: strict refuses, naming it in Keras' layout.
    const auto message = test::errorOf([&] {
        Model model(imagenetSpec("mobilenet_v1", torch::zeros({1, 3, 32, 32})));
        loadWeights(model, fixtures / "mobilenet_1_0.h5");
    });
    EXPECT_TRUE(test::contains(message, "conv_preds/kernel [1, 1, 1024, 1000]")) << message;
    EXPECT_TRUE(test::contains(message, "conv_preds/bias [1000]")) << message;
}

TEST(KerasTop, ResNet50PredictionsMatchesTheKerasGraph) {
    const auto& fixtures = test::KerasFixtures::get("resnet50");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    const auto report =
        expectKerasLogits("resnet50_keras", fixtures / "resnet50.h5", fixtures / "resnet50_top.reference.pt");
    EXPECT_EQ(report.loaded, 53u * 6u + 2u);
}

TEST(KerasTop, Vgg16IncludeTopFileGivesTorchvisionsLogits) {
    // torchvision's whole VGG16 written in Keras' layout: only if fc1's rows are put back in
    // PyTorch's channel-major order do the logits come out the same.
    const auto& fixtures = test::KerasFixtures::get("vgg16_top");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    const auto [input, expected] = test::readReference(fixtures / "vgg16_top.reference.pt");
    Model model(imagenetSpec("vgg16", input));
    const auto report = loadWeights(model, fixtures / "vgg16_top.h5");
    EXPECT_EQ(report.source, "keras");
    EXPECT_EQ(report.loaded, 26u + 6u);  // 13 convs, then fc1, fc2 and predictions
    EXPECT_TRUE(report.ignoredTop.empty() && report.unexpected.empty()) << describe(report);
    const auto actual = logits(model, input);
    const auto difference = (actual - expected).abs().max().item<double>();
    std::cout << "vgg16_top.h5: max abs difference from torchvision's logits " << difference << " (max |y| "
              << expected.abs().max().item<double>() << ")\n";
    EXPECT_LT(difference, 1e-4);
    EXPECT_TRUE(actual.argmax(1).equal(expected.argmax(1)));
}

}  // namespace
}  // namespace tl
