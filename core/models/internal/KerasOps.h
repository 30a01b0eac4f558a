#pragma once
// Internal: includes torch. Keras semantics the Keras-family backbones need to reproduce exactly.
#include <torch/torch.h>

#include <cstdint>

namespace tl::internal {

/// Keras' BatchNormalization defaults: epsilon 1e-3, moving averages updated with momentum 0.99
/// (torch's momentum 0.01). `epsilon` differs for some applications (tf.keras ResNet: 1.001e-5).
torch::nn::BatchNorm2d kerasBatchNorm(std::int64_t channels, double epsilon = 1e-3);

/// Conv2d as Keras declares it: `kernel` square, `stride`, padding 'valid' (0) or 'same' for
/// stride 1 (kernel / 2 on each side); groups == in == out makes it a DepthwiseConv2D.
torch::nn::Conv2d kerasConv(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride, bool same,
                            bool bias, std::int64_t groups = 1);

/// Pads (N, C, H, W) as TensorFlow's 'same' does before a `kernel` x `kernel` window at `stride`:
/// total padding max((ceil(size / stride) - 1) * stride + kernel - size, 0) per axis, the smaller
/// half before (top/left) and the larger after, so stride 2 pads asymmetrically. `value` fills
/// the border (use -infinity before a max pooling: TensorFlow ignores padded cells there).
torch::Tensor padSame(const torch::Tensor& x, std::int64_t kernel, std::int64_t stride, double value = 0.0);

/// Keras' SeparableConv2D (depth multiplier 1): depthwise `kernel` x `kernel` conv at stride 1,
/// padding 'same', then a 1x1 pointwise conv. Children "depthwise" and "pointwise"; the Keras
/// weights are depthwise_kernel, pointwise_kernel[, bias] (the bias sits on the pointwise conv).
class SeparableConv2dImpl : public torch::nn::Module {
public:
    SeparableConv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, bool bias);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d depthwise{nullptr};
    torch::nn::Conv2d pointwise{nullptr};
};
TORCH_MODULE(SeparableConv2d);

}  // namespace tl::internal
