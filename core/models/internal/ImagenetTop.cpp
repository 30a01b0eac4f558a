#include "core/models/internal/ImagenetTop.h"

#include "core/data/LessonWorld.h"
#include "core/models/internal/Initialisers.h"
#include "core/models/internal/StageBuilders.h"
#include "core/util/Error.h"

namespace tl::internal {
namespace {

constexpr std::int64_t kImagenetClasses = 1000;

Stage globalAveragePooling(std::string name, std::vector<std::string> aliases = {}) {
    return functionStage(
        std::move(name), "GlobalAveragePooling2D",
        [](const torch::Tensor& x) {
            return x.mean({2, 3});
        },
        std::move(aliases));
}

/// torchvision's VGG classifier after AdaptiveAvgPool2d(7, 7) (the identity at 224x224, where
/// Keras' VGG requires its input to be): classifier.0 (fc1), ReLU, Dropout, classifier.3 (fc2),
/// ReLU, Dropout, classifier.6 (predictions).
ImagenetTop makeVggTop(std::int64_t channels) {
    constexpr std::int64_t kGrid = 7;
    constexpr std::int64_t kHidden = 4096;
    auto module = std::make_shared<torch::nn::Module>();
    torch::nn::ModuleList classifier;
    torch::nn::Linear fc1(channels * kGrid * kGrid, kHidden), fc2(kHidden, kHidden),
        predictions(kHidden, kImagenetClasses);
    torch::nn::Dropout dropout(0.5), dropout1(0.5);
    for (const auto& child :
         std::vector<std::shared_ptr<torch::nn::Module>>{fc1.ptr(), torch::nn::ReLU().ptr(), dropout.ptr(), fc2.ptr(),
                                                         torch::nn::ReLU().ptr(), dropout1.ptr(), predictions.ptr()}) {
        classifier->push_back(child);
    }
    module->register_module("classifier", classifier);

    std::vector<Stage> stages;
    stages.push_back(functionStage("avgpool", "AdaptiveAvgPool2D", [](const torch::Tensor& x) {
        return torch::adaptive_avg_pool2d(x, {kGrid, kGrid});
    }));
    // Channel-major, as torchvision flattens; a Keras file's fc1 rows are reordered to match.
    stages.push_back(functionStage("flatten", "Flatten", [](const torch::Tensor& x) { return x.flatten(1); }));
    stages.push_back(moduleStage("fc1", "Dense", fc1.ptr(), Activation::Relu, {"classifier.0"}));
    stages.push_back(moduleStage("dropout", "Dropout", dropout.ptr(), Activation::None, {"classifier.2"}));
    stages.push_back(moduleStage("fc2", "Dense", fc2.ptr(), Activation::Relu, {"classifier.3"}));
    stages.push_back(moduleStage("dropout_1", "Dropout", dropout1.ptr(), Activation::None, {"classifier.5"}));
    stages.push_back(moduleStage("predictions", "Dense", predictions.ptr(), Activation::None, {"classifier.6"}));
    std::vector<KerasLayer> keras{{"fc1", -1, fc1.ptr(), {channels, kGrid, kGrid}},
                                  {"fc2", -1, fc2.ptr()},
                                  {"predictions", -1, predictions.ptr()}};
    return {{module, std::move(stages)}, std::move(keras)};
}

/// Global average pooling, then one Dense registered as `moduleName` (torchvision's "fc", or
/// Keras' "predictions" for the Keras-only backbones): ResNet, InceptionV3, Xception. `dropout`
/// > 0 puts torchvision InceptionV3's Dropout before it.
ImagenetTop makePooledDenseTop(std::int64_t channels, const std::string& moduleName, const std::string& poolName,
                               const std::string& denseName, std::vector<std::string> denseAliases, double dropout,
                               bool kerasCounterpart) {
    auto module = std::make_shared<torch::nn::Module>();
    torch::nn::Linear dense(channels, kImagenetClasses);
    std::vector<Stage> stages;
    stages.push_back(globalAveragePooling(poolName, {poolName == "avgpool" ? "avg_pool" : "avgpool"}));
    if (dropout > 0.0) {
        torch::nn::Dropout drop(dropout);
        module->register_module("dropout", drop);
        stages.push_back(moduleStage("dropout", "Dropout", drop.ptr()));
    }
    module->register_module(moduleName, dense);
    stages.push_back(moduleStage(denseName, "Dense", dense.ptr(), Activation::None, std::move(denseAliases)));
    std::vector<KerasLayer> keras;
    if (kerasCounterpart) keras.push_back({"predictions", -1, dense.ptr()});
    return {{module, std::move(stages)}, std::move(keras)};
}

/// torchvision's MobileNetV2 classifier: pooling, classifier.0 Dropout(0.2), classifier.1 Linear.
ImagenetTop makeMobileNetV2Top(std::int64_t channels) {
    auto module = std::make_shared<torch::nn::Module>();
    torch::nn::ModuleList classifier;
    torch::nn::Dropout dropout(0.2);
    torch::nn::Linear dense(channels, kImagenetClasses);
    classifier->push_back(dropout);
    classifier->push_back(dense);
    module->register_module("classifier", classifier);
    std::vector<Stage> stages;
    stages.push_back(globalAveragePooling("avgpool"));
    stages.push_back(moduleStage("classifier.0", "Dropout", dropout.ptr()));
    stages.push_back(moduleStage("classifier.1", "Dense", dense.ptr()));
    return {{module, std::move(stages)}, {}};
}

/// torchvision's SqueezeNet classifier: classifier.0 Dropout(0.5), classifier.1 a 1x1 conv to
/// 1000 channels, ReLU, then global average pooling.
ImagenetTop makeSqueezeNetTop(std::int64_t channels) {
    auto module = std::make_shared<torch::nn::Module>();
    torch::nn::ModuleList classifier;
    torch::nn::Dropout dropout(0.5);
    torch::nn::Conv2d conv(torch::nn::Conv2dOptions(channels, kImagenetClasses, 1));
    classifier->push_back(dropout);
    classifier->push_back(conv);
    classifier->push_back(torch::nn::ReLU());
    module->register_module("classifier", classifier);
    std::vector<Stage> stages;
    stages.push_back(moduleStage("classifier.0", "Dropout", dropout.ptr()));
    stages.push_back(moduleStage("classifier.1", "Conv2D", conv.ptr(), Activation::Relu));
    stages.push_back(globalAveragePooling("avgpool", {"classifier.3"}));
    return {{module, std::move(stages)}, {}};
}

/// Keras' MobileNet top: pooling (kept 1x1), Dropout(1e-3), conv_preds (a 1x1 conv with bias),
/// then a reshape to the 1000 logits.
ImagenetTop makeMobileNetV1Top(std::int64_t channels) {
    auto module = std::make_shared<torch::nn::Module>();
    torch::nn::Dropout dropout(1e-3);
    torch::nn::Conv2d conv(torch::nn::Conv2dOptions(channels, kImagenetClasses, 1));
    module->register_module("dropout", dropout);
    module->register_module("conv_preds", conv);
    std::vector<Stage> stages;
    stages.push_back(functionStage("global_average_pooling2d", "GlobalAveragePooling2D", [](const torch::Tensor& x) {
        return x.mean({2, 3}, /*keepdim=*/true);
    }));
    stages.push_back(moduleStage("dropout", "Dropout", dropout.ptr()));
    stages.push_back(moduleStage("conv_preds", "Conv2D", conv.ptr()));
    stages.push_back(functionStage("reshape_2", "Reshape", [](const torch::Tensor& x) { return x.flatten(1); }));
    std::vector<KerasLayer> keras{{"conv_preds", -1, conv.ptr()}};
    return {{module, std::move(stages)}, std::move(keras)};
}

/// mini_vgg's classifier over the lesson's source classes, as its pretraining trained it: the
/// Dense head Flatten -> dense (256, ReLU) -> dropout 0.5 -> dense_1, under "classifier." as
/// writeStateDict() names a head ("classifier.dense.weight").
ImagenetTop makeLessonSourceTop(const std::vector<std::int64_t>& featureShape) {
    const HeadSpec spec{Pooling::Flatten, 256, 0.5, static_cast<int>(lessonSourceClasses().size())};
    auto head = makeHead(spec, featureShape);
    auto module = std::make_shared<torch::nn::Module>();
    module->register_module("classifier", head.module);
    return {{module, std::move(head.stages)}, {}};
}

}  // namespace

ImagenetTop makeImagenetTop(const std::string& backbone, const std::vector<std::int64_t>& featureShape) {
    if (featureShape.size() != 3) throw Error("the ImageNet classifier expects (C, H, W) feature maps");
    const auto channels = featureShape[0];
    ImagenetTop top;
    if (backbone == "vgg16" || backbone == "vgg19") {
        top = makeVggTop(channels);
    } else if (backbone == "resnet18" || backbone == "resnet50") {
        top = makePooledDenseTop(channels, "fc", "avgpool", "fc", {"predictions"}, 0.0, false);
    } else if (backbone == "inception_v3") {
        top = makePooledDenseTop(channels, "fc", "avgpool", "fc", {"predictions"}, 0.5, true);
    } else if (backbone == "resnet50_keras" || backbone == "xception") {
        top = makePooledDenseTop(channels, "predictions", "avg_pool", "predictions", {}, 0.0, true);
    } else if (backbone == "mobilenet_v2") {
        top = makeMobileNetV2Top(channels);
    } else if (backbone == "squeezenet1_1") {
        top = makeSqueezeNetTop(channels);
    } else if (backbone.starts_with("mobilenet_v1")) {
        top = makeMobileNetV1Top(channels);
    } else if (backbone == "mini_vgg") {
        top = makeLessonSourceTop(featureShape);
    } else {
        throw Error("backbone '" + backbone + "' has no ImageNet classifier (it is never trained on ImageNet)");
    }
    initKerasDefaults(*top.head.module);
    return top;
}

}  // namespace tl::internal
