// Loading Keras 2 HDF5 weights: outputs equal those of an independent implementation of each Keras
// graph (keras_reference.py, PyTorch functional ops with TensorFlow's padding) reading the same
// file, and torchvision's VGG16 file and its Keras twin give the same outputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

#include "KerasFixtures.h"
#include "core/models/internal/Network.h"
#include "core/util/Error.h"
#include "core/weights/WeightsFile.h"
#include "support/TempDir.h"

namespace tl {
namespace {

/// float32, as models run: rounding differs between two implementations and grows with depth, so
/// the bound is relative to the output's scale (max |reference|, at least 1).
constexpr double kFloatTolerance = 2e-4;
/// float64: the same computation up to summation order.
constexpr double kDoubleTolerance = 1e-8;
/// torchvision's file and its Keras twin hold the same float32 weights: outputs must agree.
constexpr double kTolerance = 1e-4;

torch::Tensor baseOutput(Model& model, const torch::Tensor& input) {
    torch::NoGradGuard noGrad;
    model.network().setTraining(false);
    return model.network().forwardBase(input);
}

double maxDifference(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

/// Loads `file` (strict) into a fresh `backbone` at the reference's input size and checks its
/// base output against the float64 Keras reference: in float32 (relative bound) and, with the
/// model converted to float64, to kDoubleTolerance. Returns the load report.
WeightsReport expectKerasOutputs(const std::string& backbone, const std::filesystem::path& file,
                                 const std::filesystem::path& reference) {
    const auto [input, expected] = test::readReference(reference);
    Model model(ModelSpec{backbone, {static_cast<int>(input.size(3)), static_cast<int>(input.size(2))}, {}});
    const auto report = loadWeights(model, file);
    EXPECT_EQ(report.source, "keras");
    EXPECT_TRUE(report.missing.empty() && report.unexpected.empty() && report.mismatched.empty()) << describe(report);

    const auto asFloat = baseOutput(model, input);
    EXPECT_EQ(asFloat.sizes(), expected.sizes());
    if (asFloat.sizes() != expected.sizes()) return report;
    const auto scale = std::max(1.0, expected.abs().max().item<double>());
    const auto floatDifference = maxDifference(asFloat.to(torch::kFloat64), expected);
    EXPECT_LT(floatDifference, kFloatTolerance * scale) << backbone;

    model.network().to(torch::kFloat64);
    const auto doubleDifference = maxDifference(baseOutput(model, input.to(torch::kFloat64)), expected);
    EXPECT_LT(doubleDifference, kDoubleTolerance) << backbone;
    std::cout << backbone << " vs the Keras reference: max abs difference " << floatDifference
              << " in float32 (max |y| " << scale << "), " << doubleDifference << " in float64\n";
    return report;
}

TEST(KerasLoading, Vgg16KerasFileMatchesTheKerasGraphAndTheTorchvisionFile) {
    const auto& fixtures = test::KerasFixtures::get("vgg16");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    const auto report = expectKerasOutputs("vgg16", fixtures / "vgg16.h5", fixtures / "vgg16.reference.pt");
    EXPECT_EQ(report.loaded, 26u);
    EXPECT_EQ(report.suggested, Preprocessing::Caffe);
    EXPECT_TRUE(report.ignoredTop.empty());

    // The same weights saved by torchvision (OIHW) and in Keras' layout (HWIO).
    const auto [input, expected] = test::readReference(fixtures / "vgg16.reference.pt");
    Model fromKeras(ModelSpec{"vgg16", {32, 32}, {}});
    Model fromTorch(ModelSpec{"vgg16", {32, 32}, {}});
    loadWeights(fromKeras, fixtures / "vgg16.h5");
    EXPECT_EQ(loadWeights(fromTorch, fixtures / "vgg16.pth").source, "torchvision");
    const auto difference = maxDifference(baseOutput(fromKeras, input), baseOutput(fromTorch, input));
    std::cout << "vgg16 .h5 vs .pth max abs difference: " << difference << "\n";
    EXPECT_LT(difference, kTolerance);
}

TEST(KerasLoading, Vgg19ModelSaveLayoutSkipsTheTop) {
    const auto& fixtures = test::KerasFixtures::get("vgg19");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    const auto report = expectKerasOutputs("vgg19", fixtures / "vgg19.h5", fixtures / "vgg19.reference.pt");
    EXPECT_EQ(report.loaded, 32u);
    EXPECT_EQ(report.ignoredTop,
              (std::vector<std::string>{"fc1/kernel:0", "fc1/bias:0", "predictions/kernel:0", "predictions/bias:0"}));

    // With include_top on, Keras' classifier is just more weights the model lacks (core's heads
    // are not Keras' VGG top): non-strict loads the base and names them.
    Model model(ModelSpec{"vgg19", {32, 32}, {}});
    const auto withTop = loadWeights(model, fixtures / "vgg19.h5", false, true);
    EXPECT_EQ(withTop.loaded, 32u);
    EXPECT_EQ(withTop.unexpected, report.ignoredTop);
    EXPECT_TRUE(withTop.ignoredTop.empty());
    EXPECT_THROW(loadWeights(model, fixtures / "vgg19.h5", true, true), Error);
}

TEST(KerasLoading, MobileNetMatchesTheKerasGraph) {
    const auto& fixtures = test::KerasFixtures::get("mobilenet");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    auto report =
        expectKerasOutputs("mobilenet_v1", fixtures / "mobilenet_1_0.h5", fixtures / "mobilenet_1_0.reference.pt");
    EXPECT_EQ(report.suggested, Preprocessing::Tf);
    EXPECT_EQ(report.loaded, 1u + 4u + 13u * 10u);  // conv1 + its BN, then dw, BN, pw, BN per block

    // Alpha 0.25, Keras 1 weight names, 64x64, with the conv_preds classifier left out.
    report =
        expectKerasOutputs("mobilenet_v1_025", fixtures / "mobilenet_2_5.h5", fixtures / "mobilenet_2_5.reference.pt");
    EXPECT_EQ(report.ignoredTop, (std::vector<std::string>{"conv_preds_W_1:0", "conv_preds_b_1:0"}));
}

TEST(KerasLoading, ResNet50KerasMatchesTheKerasGraph) {
    const auto& fixtures = test::KerasFixtures::get("resnet50");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    const auto report =
        expectKerasOutputs("resnet50_keras", fixtures / "resnet50.h5", fixtures / "resnet50.reference.pt");
    EXPECT_EQ(report.suggested, Preprocessing::Caffe);
    EXPECT_EQ(report.loaded, 53u * 6u);  // 53 convs (kernel, bias), each with a BN (4 weights)
}

TEST(KerasLoading, XceptionMatchesTheKerasGraph) {
    const auto& fixtures = test::KerasFixtures::get("xception");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    const auto report = expectKerasOutputs("xception", fixtures / "xception.h5", fixtures / "xception.reference.pt");
    EXPECT_EQ(report.suggested, Preprocessing::Tf);
    // 2 convs + 34 separable convs (2 weights each) + 4 residual convs, 40 BatchNorms.
    EXPECT_EQ(report.loaded, 2u + 34u * 2u + 4u + 40u * 4u);
}

TEST(KerasLoading, InceptionV3TakesKerasWeightsByRankAndTorchvisionWeightsByName) {
    const auto& fixtures = test::KerasFixtures::get("inception");
    TL_REQUIRE_KERAS_FIXTURES(fixtures);
    // BatchNorm without scale (gamma = 1), layers listed out of creation order, Keras' pooling.
    const auto report =
        expectKerasOutputs("inception_v3", fixtures / "inception_v3.h5", fixtures / "inception_v3.reference.pt");
    EXPECT_EQ(report.loaded, 94u * 4u);  // 94 conv kernels, 94 BatchNorms of 3 weights
    EXPECT_EQ(report.suggested, Preprocessing::Tf);

    // torchvision's own file (with AuxLogits and fc, the top) onto the same backbone.
    const auto [input, expected] = test::readReference(fixtures / "inception_v3_torchvision.reference.pt");
    Model model(ModelSpec{"inception_v3", {75, 75}, {}});
    const auto torchvision = loadWeights(model, fixtures / "inception_v3.pth");
    EXPECT_EQ(torchvision.source, "torchvision");
    EXPECT_EQ(torchvision.suggested, Preprocessing::Tf);  // Google's weights, without transform_input
    EXPECT_TRUE(torchvision.missing.empty() && torchvision.unexpected.empty()) << describe(torchvision);
    EXPECT_EQ(torchvision.ignoredTop.size(), 16u);  // AuxLogits: 2 BasicConv2d (6 each) + fc (2); fc (2)
    const auto difference = maxDifference(baseOutput(model, input), expected);
    std::cout << "inception_v3 max abs difference from torchvision: " << difference << "\n";
    EXPECT_LT(difference, kTolerance);

    // With the classifier: torchvision's fc fills core's; AuxLogits, a training aid, stays out.
    const auto [topInput, logits] = test::readReference(fixtures / "inception_v3_torchvision_top.reference.pt");
    ModelSpec wholeSpec{"inception_v3", {75, 75}, {}};
    wholeSpec.head.kind = HeadKind::Imagenet;
    Model whole(wholeSpec);
    const auto withTop = loadWeights(whole, fixtures / "inception_v3.pth");
    EXPECT_TRUE(withTop.missing.empty() && withTop.unexpected.empty()) << describe(withTop);
    EXPECT_EQ(withTop.ignoredTop.size(), 14u);  // AuxLogits only
    torch::NoGradGuard noGrad;
    whole.network().setTraining(false);
    const auto logitsDifference = maxDifference(whole.network().forward(topInput), logits);
    std::cout << "inception_v3 logits: max abs difference from torchvision " << logitsDifference << "\n";
    EXPECT_LT(logitsDifference, kTolerance);

    // Keras' pooling travels with the model's own checkpoint (torchvision's would change outputs).
    test::TempDir folder;
    Model keras(ModelSpec{"inception_v3", {75, 75}, {}});
    loadWeights(keras, fixtures / "inception_v3.h5");
    keras.save(folder / "model.pt");
    Model reloaded(ModelSpec{"inception_v3", {75, 75}, {}});
    reloaded.load(folder / "model.pt");
    EXPECT_TRUE(torch::equal(baseOutput(reloaded, input), baseOutput(keras, input)));
}

}  // namespace
}  // namespace tl
