#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <string>
#include <vector>

#include "core/models/internal/Head.h"
#include "core/models/internal/KerasLayer.h"

namespace tl::internal {

/// A backbone's published ImageNet classifier: a Head whose module names its children as the
/// backbone's torchvision state dict does ("classifier.0", "fc"; Keras' names for the Keras-only
/// backbones: "predictions", "conv_preds"), so files with the top fill it by name, and whose
/// kerasLayers name it as keras.applications' include_top files do (VGG: fc1, fc2, predictions;
/// ResNet50 / Xception / InceptionV3: predictions; MobileNet: conv_preds). kerasLayers is empty
/// for backbones without a Keras counterpart. Output: 1000 logits (no softmax inside). mini_vgg,
/// never trained on ImageNet, has its pretraining's classifier instead: 60 logits, one per
/// lesson source class (lessonSourceClasses()), under "classifier.dense" / "classifier.dense_1".
struct ImagenetTop {
    Head head;
    std::vector<KerasLayer> kerasLayers;
};

/// Builds the classifier of `backbone` for its base's feature maps of shape `featureShape`
/// (C, H, W). Throws tl::Error for a backbone without an ImageNet classifier (small_convnet, tiny).
ImagenetTop makeImagenetTop(const std::string& backbone, const std::vector<std::int64_t>& featureShape);

}  // namespace tl::internal
