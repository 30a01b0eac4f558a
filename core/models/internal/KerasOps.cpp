#include "core/models/internal/KerasOps.h"

#include <algorithm>

namespace tl::internal {
namespace {

/// TensorFlow's 'same' padding along one axis of `size`: {before, after}.
std::pair<std::int64_t, std::int64_t> samePadding(std::int64_t size, std::int64_t kernel, std::int64_t stride) {
    const auto out = (size + stride - 1) / stride;
    const auto total = std::max<std::int64_t>((out - 1) * stride + kernel - size, 0);
    return {total / 2, total - total / 2};
}

}  // namespace

torch::nn::BatchNorm2d kerasBatchNorm(std::int64_t channels, double epsilon) {
    return torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(channels).eps(epsilon).momentum(0.01));
}

torch::nn::Conv2d kerasConv(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride, bool same,
                            bool bias, std::int64_t groups) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                 .stride(stride)
                                 .padding(same ? kernel / 2 : 0)
                                 .bias(bias)
                                 .groups(groups));
}

torch::Tensor padSame(const torch::Tensor& x, std::int64_t kernel, std::int64_t stride, double value) {
    const auto [top, bottom] = samePadding(x.size(2), kernel, stride);
    const auto [left, right] = samePadding(x.size(3), kernel, stride);
    if (top == 0 && bottom == 0 && left == 0 && right == 0) return x;
    return torch::constant_pad_nd(x, {left, right, top, bottom}, value);
}

SeparableConv2dImpl::SeparableConv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, bool bias)
    : depthwise(register_module("depthwise", kerasConv(in, in, kernel, 1, true, false, in))),
      pointwise(register_module("pointwise", kerasConv(in, out, 1, 1, false, bias))) {}

torch::Tensor SeparableConv2dImpl::forward(const torch::Tensor& x) {
    return pointwise->forward(depthwise->forward(x));
}

}  // namespace tl::internal
