#pragma once
#include <string>
#include <vector>

#include "core/data/RgbImage.h"

namespace tl {

/// How the head turns the base's feature maps into a vector.
enum class Pooling {
    Flatten,        ///< Keras Flatten (over C x H x W, channel-major as in PyTorch)
    GlobalAverage,  ///< Keras GlobalAveragePooling2D
};

/// Which classifier goes on the base.
enum class HeadKind {
    Dense,     ///< a new classifier for the user's classes (the fields of HeadSpec below)
    Imagenet,  ///< the backbone's own 1000-class ImageNet classifier, to load with the weights' top
};

/// The classifier put on the base: pooling -> Dense(units, relu) -> Dropout(dropout) -> output.
/// Two classes give Dense(1) with a sigmoid (binary cross-entropy), more give Dense(C) softmax.
/// units == 0 drops the hidden Dense; dropout == 0 drops the Dropout layer.
/// HeadKind::Imagenet ignores the other fields: the head is then the architecture's published
/// classifier (VGG's fc1, fc2, predictions; ResNet's fc; ...) with 1000 outputs (mini_vgg's: its
/// pretraining's, over the lesson's 60 source classes).
struct HeadSpec {
    Pooling pooling = Pooling::Flatten;
    int units = 256;
    double dropout = 0.0;
    int numClasses = 2;
    HeadKind kind = HeadKind::Dense;

    /// Width of a Dense head's output layer: 1 for two classes, numClasses otherwise (1000 for an
    /// ImageNet head, which makeImagenetTop() builds).
    int outputUnits() const {
        if (kind == HeadKind::Imagenet) return 1000;
        return numClasses == 2 ? 1 : numClasses;
    }

    friend bool operator==(const HeadSpec&, const HeadSpec&) = default;
};

/// Everything needed to build a model: which backbone, at which input size, with which head.
struct ModelSpec {
    std::string backbone = "vgg16";
    ImageSize input{150, 150};
    HeadSpec head;

    friend bool operator==(const ModelSpec&, const ModelSpec&) = default;
};

/// Backbones core can build: vgg16, vgg19, resnet18, resnet50, mobilenet_v2, squeezenet1_1 and
/// inception_v3 (torchvision's; Keras' InceptionV3 weights load too); mobilenet_v1 and its narrower
/// mobilenet_v1_075 / _050 / _025, resnet50_keras and xception (Keras' architectures and layer
/// names); small_convnet (the classic from-scratch model), mini_vgg (the lesson's small VGG, pretrained
/// on the generated source task), tiny (a two-block net for fast tests).
const std::vector<std::string>& backboneNames();

/// The input size a backbone is usually used at: the lecture's 150x150 for VGG and the small
/// convnet, 299x299 for Inception V3 and Xception, 32x32 for tiny, 224x224 for the others (what
/// their ImageNet weights were trained at). What the window proposes when a backbone is chosen.
ImageSize naturalInputSize(const std::string& backbone);

}  // namespace tl
