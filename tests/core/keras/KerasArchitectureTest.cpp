// The Keras-family backbones: parameter counts as Keras' model.summary() prints them for
// include_top=False (BatchNorm moving statistics counted as non-trainable), output shapes,
// layer names, and Keras' BatchNorm settings.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/models/Model.h"
#include "core/models/internal/Network.h"

namespace tl {
namespace {

struct Published {
    std::string backbone;
    int size;
    std::int64_t total;
    std::int64_t trainable;
    std::vector<std::int64_t> output;  // (C, H, W) at size x size
};

std::int64_t baseParameters(const ModelSummary& summary) {
    std::int64_t total = 0;
    for (const auto& row : summary.layers) total += row.inBase ? row.parameters : 0;
    return total;
}

std::int64_t baseTrainable(Model& model) {
    std::int64_t total = 0;
    for (const auto& parameter : model.network().baseModule()->parameters()) total += parameter.numel();
    return total;
}

TEST(KerasArchitecture, ParameterCountsEqualKerasPublishedOnes) {
    // keras.applications totals without the top (trainable from Keras' summaries).
    const std::vector<Published> published{
        {"mobilenet_v1", 224, 3'228'864, 3'206'976, {1024, 7, 7}},
        {"resnet50_keras", 224, 23'587'712, 23'534'592, {2048, 7, 7}},
        {"xception", 299, 20'861'480, 20'806'952, {2048, 10, 10}},
    };
    for (const auto& expected : published) {
        // A small head: its parameters are counted apart, and a flatten head would be huge here.
        Model model(ModelSpec{expected.backbone, {expected.size, expected.size}, {Pooling::GlobalAverage, 0, 0.0, 2}});
        const auto summary = model.summary();
        EXPECT_EQ(baseParameters(summary), expected.total) << expected.backbone;
        EXPECT_EQ(baseTrainable(model), expected.trainable) << expected.backbone;
        EXPECT_EQ(model.baseOutputShape(), expected.output) << expected.backbone;
    }
}

TEST(KerasArchitecture, InceptionV3CountsTorchvisionsBatchNormScales) {
    // Keras' InceptionV3 (notop: 21,802,784) has BatchNormalization(scale=False); torchvision's
    // architecture, which core builds, has a gamma for each of its 17,216 BatchNorm channels.
    Model model(ModelSpec{"inception_v3", {299, 299}, {Pooling::GlobalAverage, 0, 0.0, 2}});
    EXPECT_EQ(baseParameters(model.summary()), 21'802'784 + 17'216);
    EXPECT_EQ(model.baseOutputShape(), (std::vector<std::int64_t>{2048, 8, 8}));
    const auto names = model.layerNames();
    EXPECT_EQ(names.front(), "Conv2d_1a_3x3");
    EXPECT_EQ(model.network().kerasLayers().size(), 94u * 2u);
    FreezePlan plan;
    plan.base = FreezePlan::Base::TrainableFrom;
    plan.from = "mixed9";  // Keras' name for Mixed_7b
    model.applyFreeze(plan);
    EXPECT_EQ(model.summary().layers[16].name, "Mixed_7b");
    EXPECT_TRUE(model.summary().layers[16].trainable);
    EXPECT_FALSE(model.summary().layers[15].trainable);
}

TEST(KerasArchitecture, MobileNetWidthMultipliersAndKerasNames) {
    const std::vector<std::pair<std::string, std::int64_t>> widths{
        {"mobilenet_v1", 1024}, {"mobilenet_v1_075", 768}, {"mobilenet_v1_050", 512}, {"mobilenet_v1_025", 256}};
    for (const auto& [backbone, channels] : widths) {
        Model model(ModelSpec{backbone, {64, 64}, {}});
        EXPECT_EQ(model.baseOutputShape(), (std::vector<std::int64_t>{channels, 2, 2})) << backbone;
    }
    Model model(ModelSpec{"mobilenet_v1", {33, 33}, {}});
    const auto names = model.layerNames();
    EXPECT_EQ(std::vector<std::string>(names.begin(), names.begin() + 6),
              (std::vector<std::string>{"conv1_pad", "conv1", "conv1_bn", "conv1_relu", "conv_dw_1", "conv_dw_1_bn"}));
    EXPECT_NE(std::find(names.begin(), names.end(), "conv_pad_12"), names.end());
    // Odd sizes: padding only below and right, then 'valid': 33 -> 16 (TensorFlow 'same' gives 17).
    EXPECT_EQ(model.baseOutputShape(), (std::vector<std::int64_t>{1024, 1, 1}));
    for (const auto& item : model.network().baseModule()->named_modules()) {
        if (auto* norm = item.value()->as<torch::nn::BatchNorm2d>()) {
            EXPECT_DOUBLE_EQ(norm->options.eps(), 1e-3) << item.key();
            EXPECT_DOUBLE_EQ(norm->options.momentum().value(), 0.01) << item.key();
        }
    }
}

TEST(KerasArchitecture, KerasResNetPutsTheStrideOnTheFirstConv) {
    Model model(ModelSpec{"resnet50_keras", {64, 64}, {}});
    const auto& base = *model.network().baseModule();
    const auto& conv = *base.named_modules()["conv3_block1_1_conv"]->as<torch::nn::Conv2d>();
    EXPECT_EQ(conv.options.stride()->at(0), 2);
    EXPECT_TRUE(conv.bias.defined());
    EXPECT_EQ(base.named_modules()["conv3_block1_2_conv"]->as<torch::nn::Conv2d>()->options.stride()->at(0), 1);
    EXPECT_DOUBLE_EQ(base.named_modules()["conv5_block3_3_bn"]->as<torch::nn::BatchNorm2d>()->options.eps(), 1.001e-5);
    EXPECT_EQ(model.network().baseStages().back().name, "conv5_block3");
}

/// The names of the base's stages that train under "trainable from `layer`".
std::vector<std::string> trainableFrom(Model& model, const std::string& layer) {
    FreezePlan plan;
    plan.base = FreezePlan::Base::TrainableFrom;
    plan.from = layer;
    model.applyFreeze(plan);
    std::vector<std::string> names;
    for (const auto& row : model.summary().layers) {
        if (row.inBase && row.parameters > 0 && row.trainable) names.push_back(row.name);
    }
    return names;
}

TEST(KerasArchitecture, KerasLayerNamesInsideBlocksSelectTheirBlock) {
    Model resnet(ModelSpec{"resnet50_keras", {64, 64}, {Pooling::GlobalAverage, 0, 0.0, 2}});
    EXPECT_EQ(trainableFrom(resnet, "conv5_block2_1_conv"), (std::vector<std::string>{"conv5_block2", "conv5_block3"}));
    Model xception(ModelSpec{"xception", {71, 71}, {Pooling::GlobalAverage, 0, 0.0, 2}});
    EXPECT_EQ(trainableFrom(xception, "block13_sepconv2_bn"),
              (std::vector<std::string>{"block13", "block14_sepconv1", "block14_sepconv2"}));
    // The exit flow's weightless activations answer to their Keras names too.
    EXPECT_EQ(trainableFrom(xception, "block14_sepconv1_act"),
              (std::vector<std::string>{"block14_sepconv1", "block14_sepconv2"}));
    EXPECT_EQ(trainableFrom(xception, "block14_sepconv2_act"), (std::vector<std::string>{"block14_sepconv2"}));
}

}  // namespace
}  // namespace tl
