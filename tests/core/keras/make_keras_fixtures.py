"""Keras 2 weights files (HDF5, as keras.applications downloads them) and reference outputs of the
Keras graphs, for the C++ Keras loader tests. Written by h5py and PyTorch, no Keras involved.

usage: make_keras_fixtures.py OUTPUT_FOLDER GROUP...
  vgg16      vgg16.pth (torchvision `features`, random) and vgg16.h5 (the same weights in Keras'
             layout, Keras 1 weight names "block1_conv1_W_1:0", layer_names at the root),
             vgg16.reference.pt
  vgg19      vgg19.h5: a model.save() file (weights under "model_weights", names
             "block1_conv1/kernel:0") with a small top (fc1, predictions); vgg19.reference.pt
  mobilenet  mobilenet_1_0.h5, mobilenet_2_5.h5 (alpha 0.25, with the conv_preds top) and
             their .reference.pt
  resnet50   resnet50.h5 (tf.keras ResNet50 names), resnet50.reference.pt
  xception   xception.h5 (tf.keras names: the residual convs are conv2d, conv2d_1, ...),
             xception.reference.pt (71x71)
  inception  inception_v3.h5 (Keras 2 names conv2d_1 ... conv2d_94, batch_normalization_N without
             scale, layer_names in a shuffled order), inception_v3.reference.pt (75x75);
             inception_v3.pth (torchvision's inception_v3 with AuxLogits and fc, random) and
             inception_v3_torchvision.reference.pt (its base in eval mode)
  damaged    truncated.h5 (a MobileNet 0.25 file cut in half), garbage.h5 (HDF5 signature, then noise),
             not_keras.h5 (valid HDF5 without layer_names), flipped.h5 (the same file with bytes
             overwritten inside its data)
Every <name>.reference.pt is {"input": x (N, 3, H, W) float32, "output": the base's output
(N, C, h, w) float64}, computed by keras_reference.py from the weights read back from the .h5 file
(inception_v3_torchvision.reference.pt: float32, by torchvision).
"""
import os
import sys

import h5py
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_reference as K  # noqa: E402

OUT = sys.argv[1]
RNG = np.random.RandomState(1234)


def path(name):
    return os.path.join(OUT, name)


# ---- writing --------------------------------------------------------------------------------

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


def weight_name(layer, role, style):
    if style == "keras1":
        short = {"kernel": "W", "bias": "b", "depthwise_kernel": "depthwise_W", "pointwise_kernel": "pointwise_W"}
        return "%s_%s_1:0" % (layer, short.get(role, role))
    return "%s/%s:0" % (layer, role)


def write_keras(file, layers, style="tf", nested=False, order=None):
    """layers: [(layer name, [(role, array)])], weightless layers with []. `order` permutes the
    layer_names list (Keras lists layers by graph depth, not creation)."""
    listed = layers if order is None else [layers[i] for i in order]
    with h5py.File(path(file), "w") as f:
        root = f.create_group("model_weights") if nested else f
        root.attrs["layer_names"] = np.array([name.encode() for name, _ in listed])
        root.attrs["backend"] = b"tensorflow"
        root.attrs["keras_version"] = b"2.2.4"
        for name, weights in listed:
            group = root.create_group(name)
            names = [weight_name(name, role, style) for role, _ in weights]
            # Keras writes an empty list as an empty float array: the loader must accept it.
            group.attrs["weight_names"] = np.array([n.encode() for n in names]) if names else np.array([])
            for n, (_, array) in zip(names, weights):
                group.create_dataset(n, data=array)


def save_reference(name, forward, h5_file, size, seed):
    """{"input": x (float32), "output": the Keras graph's output for x, computed in float64}."""
    x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        y = forward(x.double(), K.read_layers(path(h5_file)))
    torch.save({"input": x, "output": y}, path(name + ".reference.pt"))


# ---- VGG ------------------------------------------------------------------------------------

VGG_BLOCKS = {16: [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)],
              19: [(64, 2), (128, 2), (256, 4), (512, 4), (512, 4)]}


def vgg_layers(depth):
    layers, cin = [], 3
    for b, (filters, convs) in enumerate(VGG_BLOCKS[depth], 1):
        for i in range(1, convs + 1):
            layers.append(conv_layer("block%d_conv%d" % (b, i), 3, 3, cin, filters, True))
            cin = filters
        layers.append(("block%d_pool" % b, []))
    return layers


def vgg_forward(depth):
    def forward(x, w):
        for b, (_, convs) in enumerate(VGG_BLOCKS[depth], 1):
            for i in range(1, convs + 1):
                x = torch.relu(K.conv(x, w["block%d_conv%d" % (b, i)], 1, "same"))
            x = K.max_pool(x, 2, 2)
        return x
    return forward


def write_vgg16():
    import torchvision
    features = torchvision.models.vgg.make_layers(torchvision.models.vgg.cfgs["D"])
    convs = [m for m in features if isinstance(m, torch.nn.Conv2d)]
    layers = vgg_layers(16)
    with torch.no_grad():
        weighted = [layer for layer in layers if layer[1]]
        for conv, (_, weights) in zip(convs, weighted):
            conv.weight.copy_(torch.from_numpy(weights[0][1]).permute(3, 2, 0, 1))
            conv.bias.copy_(torch.from_numpy(weights[1][1]))
    vgg = torch.nn.Module()
    vgg.features = features
    torch.save(vgg.state_dict(), path("vgg16.pth"))
    write_keras("vgg16.h5", layers, style="keras1")
    save_reference("vgg16", vgg_forward(16), "vgg16.h5", 32, 21)


def write_vgg19():
    top = [("flatten", []), ("fc1", [("kernel", random_weights("kernel", (512, 16))),
                                     ("bias", random_weights("bias", (16,)))]),
           ("predictions", [("kernel", random_weights("kernel", (16, 10))), ("bias", random_weights("bias", (10,)))])]
    write_keras("vgg19.h5", vgg_layers(19) + top, style="tf", nested=True)
    save_reference("vgg19", vgg_forward(19), "vgg19.h5", 32, 22)


# ---- MobileNet v1 ---------------------------------------------------------------------------

MOBILENET_BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1),
                    (512, 1), (512, 1), (1024, 2), (1024, 1)]


def mobilenet_layers(alpha, top):
    cin = int(32 * alpha)
    layers = [("conv1_pad", []), conv_layer("conv1", 3, 3, 3, cin, False), bn_layer("conv1_bn", cin),
              ("conv1_relu", [])]
    for i, (filters, stride) in enumerate(MOBILENET_BLOCKS, 1):
        if stride == 2:
            layers.append(("conv_pad_%d" % i, []))
        layers.append(("conv_dw_%d" % i, [("depthwise_kernel", random_weights("depthwise_kernel", (3, 3, cin, 1)))]))
        layers += [bn_layer("conv_dw_%d_bn" % i, cin), ("conv_dw_%d_relu" % i, [])]
        cout = int(filters * alpha)
        layers += [conv_layer("conv_pw_%d" % i, 1, 1, cin, cout, False), bn_layer("conv_pw_%d_bn" % i, cout),
                   ("conv_pw_%d_relu" % i, [])]
        cin = cout
    if top:
        layers += [("global_average_pooling2d_1", []), ("reshape_1", []), ("dropout", []),
                   conv_layer("conv_preds", 1, 1, cin, 1000, True), ("act_softmax", []), ("reshape_2", [])]
    return layers


def mobilenet_forward(x, w):
    pad = lambda t: torch.nn.functional.pad(t, (0, 1, 0, 1))  # ZeroPadding2D(((0, 1), (0, 1)))
    x = K.relu6(K.batch_norm(K.conv(pad(x), w["conv1"], 2), w["conv1_bn"]))
    for i, (_, stride) in enumerate(MOBILENET_BLOCKS, 1):
        if stride == 2:
            x = K.depthwise(pad(x), w["conv_dw_%d" % i][0], 2)
        else:
            x = K.depthwise(x, w["conv_dw_%d" % i][0], 1, "same")
        x = K.relu6(K.batch_norm(x, w["conv_dw_%d_bn" % i]))
        x = K.relu6(K.batch_norm(K.conv(x, w["conv_pw_%d" % i]), w["conv_pw_%d_bn" % i]))
    return x


def write_mobilenet():
    write_keras("mobilenet_1_0.h5", mobilenet_layers(1.0, False))
    save_reference("mobilenet_1_0", mobilenet_forward, "mobilenet_1_0.h5", 32, 31)
    write_keras("mobilenet_2_5.h5", mobilenet_layers(0.25, True), style="keras1")
    save_reference("mobilenet_2_5", mobilenet_forward, "mobilenet_2_5.h5", 64, 32)


# ---- graphs with automatically named layers ----------------------------------------------------

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
        self.weights = K.read_layers(path(h5_file))

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


def write_xception():
    recorder = Recorder()
    with torch.no_grad():
        xception_graph(calibration(71), recorder)
    write_keras("xception.h5", recorder.layers)
    save_reference("xception", lambda x, _: xception_graph(x, Reader("xception.h5")), "xception.h5", 71, 51)


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


def write_inception():
    import torchvision
    recorder = Recorder()
    with torch.no_grad():
        inception_graph(calibration(75), recorder)
    order = list(RNG.permutation(len(recorder.layers)))
    write_keras("inception_v3.h5", recorder.layers, order=order)
    save_reference("inception_v3", lambda x, _: inception_graph(x, Reader("inception_v3.h5")), "inception_v3.h5", 75,
                   61)

    model = torchvision.models.inception_v3(weights=None, aux_logits=True, init_weights=False)
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if tensor.is_floating_point():
                role = ("moving_variance" if name.endswith("running_var") else
                        "moving_mean" if name.endswith("running_mean") else
                        "beta" if name.endswith("bias") else "gamma" if tensor.dim() == 1 else "kernel")
                shape = tuple(tensor.shape) if tensor.dim() != 4 else tuple(tensor.shape[::-1])
                value = torch.from_numpy(random_weights(role, shape))
                tensor.copy_(value.permute(3, 2, 1, 0) if tensor.dim() == 4 else value)
    torch.save(model.state_dict(), path("inception_v3.pth"))
    children = ["Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3", "maxpool1", "Conv2d_3b_1x1", "Conv2d_4a_3x3",
                "maxpool2", "Mixed_5b", "Mixed_5c", "Mixed_5d", "Mixed_6a", "Mixed_6b", "Mixed_6c", "Mixed_6d",
                "Mixed_6e", "Mixed_7a", "Mixed_7b", "Mixed_7c"]
    base = torch.nn.Sequential(*[getattr(model, child) for child in children]).eval()
    x = torch.randn(2, 3, 75, 75, generator=torch.Generator().manual_seed(62))
    with torch.no_grad():
        torch.save({"input": x, "output": base(x)}, path("inception_v3_torchvision.reference.pt"))


# ---- ResNet50 (tf.keras applications resnet.py) ----------------------------------------------

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


def write_resnet50():
    recorder = Recorder()
    with torch.no_grad():
        resnet50_graph(calibration(32), recorder)
    write_keras("resnet50.h5", recorder.layers)
    save_reference("resnet50", lambda x, _: resnet50_graph(x, Reader("resnet50.h5")), "resnet50.h5", 32, 41)


# ---- damaged files --------------------------------------------------------------------------

def write_damaged():
    write_keras("good.h5", mobilenet_layers(0.25, False))
    with open(path("good.h5"), "rb") as f:
        data = f.read()
    with open(path("truncated.h5"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(path("garbage.h5"), "wb") as f:
        f.write(b"\x89HDF\r\n\x1a\n" + RNG.bytes(4096))
    flipped = bytearray(data)
    for offset in range(0, len(flipped), 997):  # every ~1 KB, metadata and data alike
        flipped[offset] ^= 0x5A
    with open(path("flipped.h5"), "wb") as f:
        f.write(bytes(flipped))
    with h5py.File(path("not_keras.h5"), "w") as f:
        f.create_dataset("data", data=np.zeros((4, 4), np.float32))


def main():
    torch.manual_seed(0)
    for group in sys.argv[2:]:
        globals()["write_" + group]()


if __name__ == "__main__":
    main()
