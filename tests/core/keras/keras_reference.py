"""Keras semantics in PyTorch functional ops, for the reference outputs of make_keras_fixtures.py.

Independent of the C++ code under test: weights are read back from the HDF5 file by layer name
and weight order, kernels converted here, padding done as TensorFlow does it. Tensors are NCHW.
"""
import math

import h5py
import numpy as np
import torch
import torch.nn.functional as F


def read_layers(path):
    """{layer name: [arrays in weight_names order]} from a Keras 2 weights file."""
    with h5py.File(path, "r") as f:
        root = f["model_weights"] if "layer_names" not in f.attrs else f
        layers = {}
        for name in root.attrs["layer_names"]:
            name = name.decode() if isinstance(name, bytes) else name
            group = root[name]
            layers[name] = [np.array(group[w.decode() if isinstance(w, bytes) else w])
                            for w in group.attrs["weight_names"]]
        return layers


def same_padding(size, kernel, stride):
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def pad_same(x, kernel_h, kernel_w, stride, value=0.0):
    top, bottom = same_padding(x.shape[2], kernel_h, stride)
    left, right = same_padding(x.shape[3], kernel_w, stride)
    return F.pad(x, (left, right, top, bottom), value=value)


def t(array):
    """Weights in float64: the references are computed in double precision."""
    return torch.from_numpy(np.ascontiguousarray(array, dtype=np.float64))


def conv(x, weights, stride=1, padding="valid"):
    """Conv2D: weights [kernel (kh, kw, in, out)] or [kernel, bias]."""
    kernel = t(weights[0]).permute(3, 2, 0, 1)
    bias = t(weights[1]) if len(weights) > 1 else None
    if padding == "same":
        x = pad_same(x, kernel.shape[2], kernel.shape[3], stride)
    return F.conv2d(x, kernel, bias, stride)


def depthwise(x, kernel, stride=1, padding="valid"):
    """DepthwiseConv2D with depth multiplier 1: kernel (kh, kw, c, 1)."""
    weight = t(kernel).permute(2, 3, 0, 1)
    if padding == "same":
        x = pad_same(x, weight.shape[2], weight.shape[3], stride)
    return F.conv2d(x, weight, None, stride, groups=weight.shape[0])


def separable(x, weights):
    """SeparableConv2D, padding 'same', stride 1: [depthwise_kernel, pointwise_kernel(, bias)]."""
    x = depthwise(x, weights[0], 1, "same")
    return conv(x, weights[1:])


def batch_norm(x, weights, epsilon=1e-3):
    """Inference BatchNormalization: [gamma, beta, mean, var], or [beta, mean, var] (scale=False)."""
    if len(weights) == 3:
        gamma, (beta, mean, var) = np.ones_like(weights[0]), weights
    else:
        gamma, beta, mean, var = weights
    shape = (1, -1, 1, 1)
    return (x - t(mean).view(shape)) / torch.sqrt(t(var).view(shape) + epsilon) * t(gamma).view(shape) + \
        t(beta).view(shape)


def max_pool(x, size, stride, padding="valid"):
    if padding == "same":
        x = pad_same(x, size, size, stride, value=-math.inf)
    return F.max_pool2d(x, size, stride)


def average_pool_same(x, size):
    """AveragePooling2D(size, strides 1, 'same'): the mean over the cells inside the image only."""
    summed = F.avg_pool2d(pad_same(x, size, size, 1), size, 1, divisor_override=1)
    ones = pad_same(torch.ones_like(x[:1, :1]), size, size, 1)
    return summed / F.avg_pool2d(ones, size, 1, divisor_override=1)


def relu6(x):
    return torch.clamp(x, 0.0, 6.0)
