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

/// Keras' MobileNet (v1) at width multiplier `alpha` (1.0, 0.75, 0.5, 0.25): Keras layer names
/// (conv1, conv1_bn, conv_dw_1, conv_dw_1_bn, conv_pw_1, ...), ReLU6, BatchNorm eps 1e-3, and
/// Keras' padding: stride-2 convs after ZeroPadding2D(((0, 1), (0, 1))) with 'valid'.
Backbone makeMobileNetV1(double alpha);

/// Keras' ResNet50 (tf.keras applications resnet.py, v1: the stride on the first 1x1 conv of a
/// block, convs with bias, BatchNorm eps 1.001e-5), layers named conv1_conv ... conv5_block3_3_bn.
Backbone makeKerasResNet50();

/// Keras' Xception: block1_conv1 ... block14_sepconv2_bn; the four residual 1x1 convs and their
/// BatchNorms are the automatically named conv2d / batch_normalization layers; 'same' padding
/// and pooling reproduce TensorFlow's (asymmetric at stride 2).
Backbone makeXception();

/// InceptionV3 as torchvision 0.14 builds it (Conv2d_1a_3x3 ... Mixed_7c, no AuxLogits, no
/// classifier; stages answer to Keras' "mixed0" ... "mixed10" too). Keras' file maps onto it by
/// rank: its k-th conv2d / batch_normalization is the k-th BasicConv2d's conv / bn.
Backbone makeInceptionV3();

/// InceptionV3's 0-d int64 buffer on the base. 0 (as built, and after torchvision weights):
/// branch_pool averages count the padding, as torchvision's F.avg_pool2d does. 1 (set by the
/// Keras loader, saved with the model): they do not, as Keras' AveragePooling2D 'same'.
inline constexpr const char* kKerasPoolingBuffer = "keras_average_pooling";

/// SqueezeNet 1.1 `features`, no classifier.
Backbone makeSqueezeNet11();

/// The classic from-scratch base of "Deep Learning with Python" 5.2: four Conv(3x3, valid,
/// ReLU) + MaxPool(2) blocks with 32, 64, 128, 128 filters, named as Keras would.
Backbone makeSmallConvNet();

/// The lesson's small VGG: four blocks of two Conv(3x3, same, ReLU) and a MaxPool(2), with 16,
/// 32, 64 and 128 filters, named like VGG16 ("block1_conv1" ... "block4_pool"). About 290k
/// parameters; pretrained on the generated source task (docs/design.md §6).
Backbone makeMiniVgg();

/// Two Conv(3x3, same, ReLU) + MaxPool(2) blocks with 8 and 16 filters, for fast tests.
Backbone makeTinyConvNet();

}  // namespace tl::internal
