#include <gtest/gtest.h>

#include <set>

#include "core/models/Model.h"
#include "core/models/internal/Backbones.h"
#include "core/models/internal/Network.h"
#include "core/util/Error.h"

namespace tl {
namespace {

std::vector<std::string> stageNames(const internal::Backbone& backbone) {
    std::vector<std::string> names;
    for (const auto& stage : backbone.stages) names.push_back(stage.name);
    return names;
}

TEST(Backbones, OutputShapesAtSmallInputs) {
    struct Case {
        std::string backbone;
        int size;
        std::vector<std::int64_t> expected;  // (C, H, W), as torchvision 0.14 / Keras compute it
    };
    const std::vector<Case> cases{{"vgg16", 64, {512, 2, 2}},          {"vgg19", 64, {512, 2, 2}},
                                  {"resnet18", 64, {512, 2, 2}},       {"resnet50", 64, {2048, 2, 2}},
                                  {"mobilenet_v2", 64, {1280, 2, 2}},  {"squeezenet1_1", 64, {512, 3, 3}},
                                  {"small_convnet", 150, {128, 7, 7}}, {"tiny", 32, {16, 8, 8}}};
    for (const auto& [backbone, size, expected] : cases) {
        SCOPED_TRACE(backbone);
        Model model(ModelSpec{backbone, {size, size}, HeadSpec{}});
        EXPECT_EQ(model.baseOutputShape(), expected);

        auto& network = model.network();
        network.eval();
        torch::NoGradGuard noGrad;
        const auto features = network.forwardBase(torch::rand({2, 3, size, size}));
        EXPECT_EQ(features.sizes().slice(1).vec(), expected);
        EXPECT_EQ(network.forwardHead(features).sizes(), (torch::IntArrayRef{2, 1}));
    }
}

TEST(Backbones, StagesCoverEveryParameterExactlyOnce) {
    for (const auto& name : backboneNames()) {
        SCOPED_TRACE(name);
        const auto backbone = internal::makeBackbone(name);
        std::multiset<const void*> inStages;
        for (const auto& stage : backbone.stages) {
            for (const auto& parameter : stage.parameters()) inStages.insert(parameter.data_ptr());
        }
        const auto all = backbone.module->parameters();
        EXPECT_EQ(inStages.size(), all.size());
        for (const auto& parameter : all) EXPECT_EQ(inStages.count(parameter.data_ptr()), 1u);
    }
}

TEST(Backbones, VggStagesHaveKerasNamesAndTorchvisionAliases) {
    const auto backbone = internal::makeBackbone("vgg16");
    const std::vector<std::string> expected{
        "block1_conv1", "block1_conv2", "block1_pool",  "block2_conv1", "block2_conv2", "block2_pool",
        "block3_conv1", "block3_conv2", "block3_conv3", "block3_pool",  "block4_conv1", "block4_conv2",
        "block4_conv3", "block4_pool",  "block5_conv1", "block5_conv2", "block5_conv3", "block5_pool"};
    EXPECT_EQ(stageNames(backbone), expected);
    EXPECT_EQ(backbone.stages[0].aliases, std::vector<std::string>{"features.0"});
    EXPECT_EQ(backbone.stages[14].aliases, std::vector<std::string>{"features.24"});
    EXPECT_EQ(backbone.stages[17].aliases, std::vector<std::string>{"features.30"});
    EXPECT_EQ(backbone.stages[0].type, "Conv2D");
    EXPECT_EQ(backbone.stages[2].type, "MaxPooling2D");

    const auto vgg19 = internal::makeBackbone("vgg19");
    EXPECT_EQ(vgg19.stages.size(), 21u);
    EXPECT_EQ(vgg19.stages.back().name, "block5_pool");
    EXPECT_EQ(vgg19.stages.back().aliases, std::vector<std::string>{"features.36"});
}

TEST(Backbones, ResNetMobileNetSqueezeNetStagesUseTorchvisionPaths) {
    const auto resnet18 = internal::makeBackbone("resnet18");
    const std::vector<std::string> resnetNames{"conv1",    "bn1",      "relu",     "maxpool",  "layer1.0", "layer1.1",
                                               "layer2.0", "layer2.1", "layer3.0", "layer3.1", "layer4.0", "layer4.1"};
    EXPECT_EQ(stageNames(resnet18), resnetNames);
    EXPECT_EQ(resnet18.stages[4].type, "BasicBlock");

    const auto resnet50 = internal::makeBackbone("resnet50");
    EXPECT_EQ(resnet50.stages.size(), 4u + 3 + 4 + 6 + 3);
    EXPECT_EQ(resnet50.stages.back().name, "layer4.2");
    EXPECT_EQ(resnet50.stages.back().type, "Bottleneck");

    const auto mobilenet = internal::makeBackbone("mobilenet_v2");
    ASSERT_EQ(mobilenet.stages.size(), 19u);
    for (std::size_t i = 0; i < mobilenet.stages.size(); ++i) {
        EXPECT_EQ(mobilenet.stages[i].name, "features." + std::to_string(i));
    }
    EXPECT_EQ(mobilenet.stages[1].type, "InvertedResidual");

    const auto squeezenet = internal::makeBackbone("squeezenet1_1");
    const std::vector<std::string> squeezeNames{"features.0", "features.2",  "features.3",  "features.4",
                                                "features.5", "features.6",  "features.7",  "features.8",
                                                "features.9", "features.10", "features.11", "features.12"};
    EXPECT_EQ(stageNames(squeezenet), squeezeNames);
    EXPECT_EQ(squeezenet.stages[2].type, "Fire");
}

TEST(Backbones, SmallNetsHaveKerasNames) {
    const std::vector<std::string> small{"conv2d",   "max_pooling2d",   "conv2d_1", "max_pooling2d_1",
                                         "conv2d_2", "max_pooling2d_2", "conv2d_3", "max_pooling2d_3"};
    EXPECT_EQ(stageNames(internal::makeBackbone("small_convnet")), small);
    const std::vector<std::string> tiny{"block1_conv1", "block1_pool", "block2_conv1", "block2_pool"};
    EXPECT_EQ(stageNames(internal::makeBackbone("tiny")), tiny);
}

TEST(Backbones, UnknownBackboneListsTheKnownOnes) {
    try {
        Model model(ModelSpec{"vgg17", {64, 64}, HeadSpec{}});
        FAIL() << "expected tl::Error";
    } catch (const Error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("unknown backbone 'vgg17'"), std::string::npos) << message;
        EXPECT_NE(message.find("vgg16, vgg19, resnet18"), std::string::npos) << message;
    }
}

TEST(Backbones, TooSmallInputIsAClearError) {
    try {
        Model model(ModelSpec{"vgg16", {16, 16}, HeadSpec{}});
        FAIL() << "expected tl::Error";
    } catch (const Error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("input 16x16 is too small for backbone 'vgg16'"), std::string::npos) << message;
        EXPECT_NE(message.find("block5_pool"), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
    EXPECT_THROW(Model(ModelSpec{"tiny", {0, 32}, HeadSpec{}}), Error);
}

}  // namespace
}  // namespace tl
