#pragma once
// Internal: includes torch. The builders behind makeBackbone(), one source file per family.
#include "core/models/internal/Backbones.h"

namespace tl::internal {

/// VGG16 / VGG19 convolutional base (torchvision's `features`, no AdaptiveAvgPool, no
/// classifier); stages carry Keras' names ("block1_conv1" ... "block5_pool"). depth: 16 or 19.
Backbone makeVgg(int depth);

/// ResNet-18 / ResNet-50 (torchvision v1.5: stride on the 3x3 conv of a Bottleneck) without
/// avgpool and fc. depth: 18 or 50.
Backbone makeResNet(int depth);

/// MobileNetV2 (width 1.0) `features.0` ... `features.18`, no classifier.
Backbone makeMobileNetV2();

/// SqueezeNet 1.1 `features`, no classifier.
Backbone makeSqueezeNet11();

/// The classic from-scratch base of "Deep Learning with Python" 5.2: four Conv(3x3, valid,
/// ReLU) + MaxPool(2) blocks with 32, 64, 128, 128 filters, named as Keras would.
Backbone makeSmallConvNet();

/// Two Conv(3x3, same, ReLU) + MaxPool(2) blocks with 8 and 16 filters, for fast tests.
Backbone makeTinyConvNet();

}  // namespace tl::internal
