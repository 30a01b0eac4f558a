#pragma once
// Internal: includes torch. Weight initialisation schemes shared by the backbones and the head.
#include <torch/torch.h>

namespace tl::internal {

/// torchvision's scheme for VGG, ResNet and MobileNetV2: every Conv2d weight kaiming-normal
/// (fan_out, ReLU gain), conv biases 0, BatchNorm2d weight 1 and bias 0. Recurses into children.
void initTorchvisionConvs(torch::nn::Module& module);

/// Keras' layer defaults (glorot-uniform kernels, zero biases) for every Conv2d and Linear:
/// the from-scratch models and the head train as they do in the Keras lecture.
void initKerasDefaults(torch::nn::Module& module);

}  // namespace tl::internal
