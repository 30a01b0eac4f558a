"""Keras application graphs with weights made as the graph runs, for make_keras_fixtures.py.

A graph function takes (x, w): w is a Recorder (creates random weights layer by layer, in Keras'
creation order, BatchNorm statistics from the batch) or a Reader (serves a file's weights by
layer name). The same function thus writes a file and computes its reference.
"""
import numpy as np
import torch

import keras_reference as K

RNG = np.random.RandomState(1234)


def random_weights(kind, shape):
    """Random but not trivial: BatchNorm statistics and scales too, so every weight matters."""
    if kind in ("bias", "beta", "moving_mean"):
        return (RNG.randn(*shape) * 0.1).astype(np.float32)
    if kind == "moving_variance":
        return (RNG.rand(*shape) + 0.5).astype(np.float32)
    if kind == "gamma":
        return (RNG.rand(*shape) * 0.5 + 0.75).astype(np.float32)
    fan_in = int(np.prod(shape[:-1])) if kind != "depthwise_kernel" else shape[0] * shape[1]
    return (RNG.randn(*shape) * np.sqrt(2.0 / fan_in)).astype(np.float32)


def conv_layer(name, kh, kw, cin, cout, bias):
    weights = [("kernel", random_weights("kernel", (kh, kw, cin, cout)))]
    if bias:
        weights.append(("bias", random_weights("bias", (cout,))))
    return name, weights


def bn_layer(name, channels, scale=True):
    roles = (["gamma"] if scale else []) + ["beta", "moving_mean", "moving_variance"]
    return name, [(role, random_weights(role, (channels,))) for role in roles]


def calibration(size):
    """The images a Recorder runs on: BatchNorm statistics come from them."""
    return torch.randn(16, 3, size, size, generator=torch.Generator().manual_seed(size), dtype=torch.float64)


class AutoNames:
    """Keras' automatic layer names: per family, a counter starting at `first` ("conv2d_1" in
    Keras 2; tf.keras starts without a number: "conv2d", then "conv2d_1")."""

    def __init__(self, first):
        self.first, self.counts = first, {}

    def __call__(self, family):
        n = self.counts.get(family, self.first)
        self.counts[family] = n + 1
        return family if n == 0 else "%s_%d" % (family, n)


class Recorder:
    """Runs a Keras graph once on calibration images, creating random weights for each layer as
    the graph asks for it (in creation order), so the file's layers follow Keras' own naming."""

    def __init__(self):
        self.layers = []

    def conv(self, name, x, filters, kh, kw, bias):
        layer = conv_layer(name, kh, kw, x.shape[1], filters, bias)
        self.layers.append(layer)
        return [w for _, w in layer[1]]

    def separable(self, name, x, filters):
        weights = [("depthwise_kernel", random_weights("depthwise_kernel", (3, 3, x.shape[1], 1))),
                   ("pointwise_kernel", random_weights("kernel", (1, 1, x.shape[1], filters)))]
        self.layers.append((name, weights))
        return [w for _, w in weights]

    def bn(self, name, x, scale=True):
        """Moving statistics near the batch's own, as training leaves them: activations stay near
        unit scale through deep residual stacks, so float32 rounding stays far below the tolerance."""
        layer = bn_layer(name, x.shape[1], scale)
        mean = x.mean(dim=(0, 2, 3)).numpy()
        var = x.var(dim=(0, 2, 3), unbiased=False).numpy()
        var = np.maximum(var, 0.1 * var.mean())  # few samples at 1x1 maps: no near-zero variances
        for role, array in layer[1]:
            if role == "moving_mean":
                array[:] = mean + array * np.sqrt(var)
            elif role == "moving_variance":
                array[:] = var * (array * 0.4 + 0.6) + 1e-2
        self.layers.append(layer)
        return [w for _, w in layer[1]]


class Reader:
    """Serves the weights of a file by layer name, for the reference pass."""

    def __init__(self, h5_file):
        self.weights = K.read_layers(h5_file)

    def conv(self, name, x, filters, kh, kw, bias):
        return self.weights[name]

    def separable(self, name, x, filters):
        return self.weights[name]

    def bn(self, name, x, scale=True):
        return self.weights[name]


def xception_graph(x, w):
    """keras.applications xception.py."""
    auto = AutoNames(0)

    def sep_bn(x, name, filters):
        x = K.separable(x, w.separable(name, x, filters))
        return K.batch_norm(x, w.bn(name + "_bn", x))

    def residual(x, filters):
        name = auto("conv2d")
        r = K.conv(x, w.conv(name, x, filters, 1, 1, False), 2, "same")
        return K.batch_norm(r, w.bn(auto("batch_normalization"), r))

    for name, filters, stride in (("block1_conv1", 32, 2), ("block1_conv2", 64, 1)):
        x = K.conv(x, w.conv(name, x, filters, 3, 3, False), stride)
        x = torch.relu(K.batch_norm(x, w.bn(name + "_bn", x)))
    for block, mid, out, leading_relu in ((2, 128, 128, False), (3, 256, 256, True), (4, 728, 728, True)):
        r = residual(x, out)
        y = torch.relu(x) if leading_relu else x
        y = torch.relu(sep_bn(y, "block%d_sepconv1" % block, mid))
        y = sep_bn(y, "block%d_sepconv2" % block, out)
        x = K.max_pool(y, 3, 2, "same") + r
    for block in range(5, 13):
        y = x
        for i in (1, 2, 3):
            y = sep_bn(torch.relu(y), "block%d_sepconv%d" % (block, i), 728)
        x = x + y
    r = residual(x, 1024)
    y = sep_bn(torch.relu(x), "block13_sepconv1", 728)
    y = sep_bn(torch.relu(y), "block13_sepconv2", 1024)
    x = K.max_pool(y, 3, 2, "same") + r
    x = torch.relu(sep_bn(x, "block14_sepconv1", 1536))
    return torch.relu(sep_bn(x, "block14_sepconv2", 2048))


def inception_graph(x, w):
    """keras.applications inception_v3.py, branch for branch, in its creation order."""
    auto = AutoNames(1)

    def cbn(x, filters, rows, cols, strides=1, padding="same"):
        x = K.conv(x, w.conv(auto("conv2d"), x, filters, rows, cols, False), strides, padding)
        return torch.relu(K.batch_norm(x, w.bn(auto("batch_normalization"), x, scale=False)))

    cat = lambda parts: torch.cat(parts, 1)
    x = cbn(x, 32, 3, 3, 2, "valid")
    x = cbn(x, 32, 3, 3, 1, "valid")
    x = cbn(x, 64, 3, 3)
    x = K.max_pool(x, 3, 2)
    x = cbn(x, 80, 1, 1, 1, "valid")
    x = cbn(x, 192, 3, 3, 1, "valid")
    x = K.max_pool(x, 3, 2)
    for pool_filters in (32, 64, 64):  # mixed 0, 1, 2
        b1 = cbn(x, 64, 1, 1)
        b5 = cbn(cbn(x, 48, 1, 1), 64, 5, 5)
        b3 = cbn(cbn(cbn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3)
        bp = cbn(K.average_pool_same(x, 3), pool_filters, 1, 1)
        x = cat([b1, b5, b3, bp])
    b3 = cbn(x, 384, 3, 3, 2, "valid")  # mixed 3
    bd = cbn(cbn(cbn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3, 2, "valid")
    x = cat([b3, bd, K.max_pool(x, 3, 2)])
    for c in (128, 160, 160, 192):  # mixed 4 to 7
        b1 = cbn(x, 192, 1, 1)
        b7 = cbn(cbn(cbn(x, c, 1, 1), c, 1, 7), 192, 7, 1)
        bd = cbn(cbn(cbn(cbn(cbn(x, c, 1, 1), c, 7, 1), c, 1, 7), c, 7, 1), 192, 1, 7)
        bp = cbn(K.average_pool_same(x, 3), 192, 1, 1)
        x = cat([b1, b7, bd, bp])
    b3 = cbn(cbn(x, 192, 1, 1), 320, 3, 3, 2, "valid")  # mixed 8
    b7 = cbn(cbn(cbn(cbn(x, 192, 1, 1), 192, 1, 7), 192, 7, 1), 192, 3, 3, 2, "valid")
    x = cat([b3, b7, K.max_pool(x, 3, 2)])
    for _ in range(2):  # mixed 9, 10
        b1 = cbn(x, 320, 1, 1)
        b3 = cbn(x, 384, 1, 1)
        b3 = cat([cbn(b3, 384, 1, 3), cbn(b3, 384, 3, 1)])
        bd = cbn(cbn(x, 448, 1, 1), 384, 3, 3)
        bd = cat([cbn(bd, 384, 1, 3), cbn(bd, 384, 3, 1)])
        bp = cbn(K.average_pool_same(x, 3), 192, 1, 1)
        x = cat([b1, b3, bd, bp])
    return x


RESNET_STACKS = [(2, 64, 3, 1), (3, 128, 4, 2), (4, 256, 6, 2), (5, 512, 3, 2)]
RESNET_EPSILON = 1.001e-5


def resnet50_graph(x, w):
    """tf.keras applications resnet.py ResNet50 (v1: stride on the first 1x1 conv of a block)."""
    def conv_bn(x, name, filters, kernel, stride=1, padding="valid"):
        x = K.conv(x, w.conv(name + "_conv", x, filters, kernel, kernel, True), stride, padding)
        return K.batch_norm(x, w.bn(name + "_bn", x), RESNET_EPSILON)

    x = torch.relu(conv_bn(torch.nn.functional.pad(x, (3, 3, 3, 3)), "conv1", 64, 7, 2))
    x = K.max_pool(torch.nn.functional.pad(x, (1, 1, 1, 1)), 3, 2)
    for stack, filters, blocks, stride1 in RESNET_STACKS:
        for b in range(1, blocks + 1):
            name = "conv%d_block%d" % (stack, b)
            stride = stride1 if b == 1 else 1
            shortcut = conv_bn(x, name + "_0", 4 * filters, 1, stride) if b == 1 else x
            y = torch.relu(conv_bn(x, name + "_1", filters, 1, stride))
            y = torch.relu(conv_bn(y, name + "_2", filters, 3, 1, "same"))
            x = torch.relu(shortcut + conv_bn(y, name + "_3", 4 * filters, 1))
    return x
