#include <gtest/gtest.h>

#include "core/models/Model.h"
#include "core/training/Precision.h"
#include "core/training/internal/ComputePath.h"
#include "core/util/Error.h"

namespace tl {
namespace {

Model tinyModel() {
    torch::manual_seed(3);
    return Model(ModelSpec{"tiny", {32, 32}, HeadSpec{Pooling::Flatten, 16, 0.0, 2}});
}

torch::Tensor images() {
    torch::manual_seed(4);
    return torch::randn({5, 3, 32, 32});
}

double relativeError(const torch::Tensor& value, const torch::Tensor& reference) {
    return ((value - reference).norm() / reference.norm()).item<double>();
}

TEST(Precision, ParsesItsNamesAndRefusesOthers) {
    for (auto precision : {Precision::Auto, Precision::Fp32, Precision::Bf16}) {
        EXPECT_EQ(parsePrecision(toString(precision)), precision);
    }
    EXPECT_THROW(parsePrecision("fp16"), Error);
    EXPECT_EQ(resolvePrecision(Precision::Fp32), Precision::Fp32);
    EXPECT_EQ(resolvePrecision(Precision::Bf16), Precision::Bf16);
    EXPECT_EQ(resolvePrecision(Precision::Auto), cpuHasFastBf16() ? Precision::Bf16 : Precision::Fp32);
}

TEST(ComputePath, Fp32ChannelsLastGivesThePlainForwardPass) {
    auto model = tinyModel();
    auto& network = model.network();
    network.setTraining(false);
    torch::NoGradGuard noGrad;
    const auto reference = network.forward(images()).clone();
    internal::ComputePath path(network, Precision::Fp32);
    EXPECT_FALSE(path.usesBf16());
    const auto logits = path.logits(images());
    EXPECT_EQ(logits.scalar_type(), torch::kFloat32);
    EXPECT_LT(relativeError(logits, reference), 1e-5);
    EXPECT_LT(relativeError(path.features(images()), network.forwardBase(images())), 1e-5);
}

TEST(ComputePath, Bf16StaysCloseToFp32AndReturnsFp32) {
    auto model = tinyModel();
    auto& network = model.network();
    network.setTraining(false);
    torch::NoGradGuard noGrad;
    const auto reference = network.forwardBase(images()).clone();
    internal::ComputePath path(network, Precision::Bf16);
    ASSERT_TRUE(path.usesBf16());
    const auto features = path.features(images());
    EXPECT_EQ(features.scalar_type(), torch::kFloat32);
    const double error = relativeError(features, reference);
    EXPECT_GT(error, 0.0) << "bf16 was not used";
    EXPECT_LT(error, 2e-2);
    // the weights themselves stay fp32
    for (const auto& parameter : network.parameters()) EXPECT_EQ(parameter.scalar_type(), torch::kFloat32);
}

TEST(ComputePath, FrozenPrefixGetsNoGradientAndTheRestDoes) {
    for (auto precision : {Precision::Fp32, Precision::Bf16}) {
        auto model = tinyModel();
        model.applyFreeze(FreezePlan::trainableFrom("block2_conv1"));
        auto& network = model.network();
        internal::ComputePath path(network, precision);
        // tiny: block1_conv1, block1_pool are frozen; block2_conv1 trains
        EXPECT_EQ(path.frozenPrefixLength(), 2u);
        path.setTraining(true);
        path.logits(images()).sum().backward();
        for (const auto& item : network.named_parameters()) {
            if (item.value().requires_grad()) {
                ASSERT_TRUE(item.value().grad().defined()) << item.key();
                EXPECT_EQ(item.value().grad().scalar_type(), torch::kFloat32) << item.key();
                EXPECT_GT(item.value().grad().abs().sum().item<double>(), 0.0) << item.key();
            } else {
                EXPECT_FALSE(item.value().grad().defined()) << item.key();
            }
        }
    }
}

TEST(ComputePath, FromStageContinuesWherePrefixStopped) {
    auto model = tinyModel();
    auto& network = model.network();
    network.setTraining(false);
    torch::NoGradGuard noGrad;
    internal::ComputePath path(network, Precision::Fp32);
    const auto whole = path.logits(images());
    const auto split = path.fromStage(path.prefix(images(), 2), 2);
    EXPECT_LT(relativeError(split, whole), 1e-5);
}

}  // namespace
}  // namespace tl
