"""Keras 2 weights files (HDF5, as keras.applications downloads them) and reference outputs of the
Keras graphs, for the C++ Keras loader tests. Written by h5py and PyTorch, no Keras involved.

usage: make_keras_fixtures.py OUTPUT_FOLDER GROUP...
  vgg16      vgg16.pth (torchvision `features`, random) and vgg16.h5 (the same weights in Keras'
             layout, Keras 1 weight names "block1_conv1_W_1:0", layer_names at the root),
             vgg16.reference.pt
  vgg19      vgg19.h5: a model.save() file (weights under "model_weights", names
             "block1_conv1/kernel:0") with a small top (fc1, predictions); vgg19.reference.pt
  vgg16_top  vgg16_top.h5 (a whole torchvision vgg16, random, in Keras' include_top layout: fc1's
             rows reordered for Keras' channels-last Flatten; 550 MB) and vgg16_top.reference.pt
             (torchvision's logits at 224x224, float32)
  mobilenet  mobilenet_1_0.h5, mobilenet_2_5.h5 (alpha 0.25, with the conv_preds top) and
             their .reference.pt; mobilenet_2_5_top.reference.pt (the logits of conv_preds)
  resnet50   resnet50.h5 (tf.keras ResNet50 names, with the avg_pool + predictions top),
             resnet50.reference.pt, resnet50_top.reference.pt (the logits of predictions)
  xception   xception.h5 (tf.keras names: the residual convs are conv2d, conv2d_1, ...),
             xception.reference.pt (71x71)
  inception  inception_v3.h5 (Keras 2 names conv2d_1 ... conv2d_94, batch_normalization_N without
             scale, layer_names in a shuffled order), inception_v3.reference.pt (75x75);
             inception_v3.pth (torchvision's inception_v3 with AuxLogits and fc, random) and
             inception_v3_torchvision.reference.pt (its base in eval mode),
             inception_v3_torchvision_top.reference.pt (its 1000 logits in eval mode)
  damaged    good.h5 (a small, sound MobileNet 0.25 file), truncated.h5 (good.h5 cut in half),
             garbage.h5 (HDF5 signature, then noise), not_keras.h5 (valid HDF5 without
             layer_names), flipped.h5 (good.h5 with a byte changed every ~1 KB, metadata included),
             external_link.h5 and external_storage.h5 (good.h5 with a weight linked to, or stored in,
             the named pipe elsewhere.pipe), variable_length_names.h5 (good.h5 with its layer names
             as variable-length strings)
Every <name>.reference.pt is {"input": x (N, 3, H, W) float32, "output": the base's output
(N, C, h, w) float64}, computed by keras_reference.py from the weights read back from the .h5 file
(inception_v3_torchvision.reference.pt: float32, by torchvision).
"""
import os
import shutil
import sys

import h5py
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_reference as K  # noqa: E402
from keras_graphs import (RNG, Reader, Recorder, bn_layer, calibration, conv_layer,  # noqa: E402
                          inception_graph, random_weights, resnet50_graph, xception_graph)

OUT = sys.argv[1]


def path(name):
    return os.path.join(OUT, name)


# ---- writing --------------------------------------------------------------------------------

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


def write_vgg16_top():
    """A whole torchvision VGG16 and the same weights as Keras' include_top file."""
    import torchvision
    model = torchvision.models.vgg16()
    generator = torch.Generator().manual_seed(71)
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            fan_in = tensor[0].numel() if tensor.dim() > 1 else 1
            scale = (2.0 / fan_in) ** 0.5 if tensor.dim() > 1 else 0.1
            tensor.copy_(torch.randn(tensor.shape, generator=generator) * scale)
    layers, convs = [], [m for m in model.features if isinstance(m, torch.nn.Conv2d)]
    convs.reverse()
    for name, weights in vgg_layers(16):
        if weights:
            conv = convs.pop()
            weights = [("kernel", conv.weight.detach().permute(2, 3, 1, 0).numpy()),
                       ("bias", conv.bias.detach().numpy())]
        layers.append((name, weights))
    fc1, fc2, predictions = model.classifier[0], model.classifier[3], model.classifier[6]
    # torch flattens (C, H, W), Keras (H, W, C): Keras' row (h * 7 + w) * 512 + c is torch's input c * 49 + h * 7 + w.
    fc1_kernel = fc1.weight.detach().reshape(4096, 512, 7, 7).permute(2, 3, 1, 0).reshape(7 * 7 * 512, 4096)
    dense = lambda m, kernel=None: [("kernel", (m.weight.detach().t() if kernel is None else kernel).numpy()),
                                    ("bias", m.bias.detach().numpy())]
    layers += [("flatten", []), ("fc1", dense(fc1, fc1_kernel)), ("fc2", dense(fc2)),
               ("predictions", dense(predictions))]
    write_keras("vgg16_top.h5", layers, style="tf")
    model.eval()
    x = torch.randn(2, 3, 224, 224, generator=torch.Generator().manual_seed(72))
    with torch.no_grad():
        torch.save({"input": x, "output": model(x)}, path("vgg16_top.reference.pt"))


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


def mobilenet_top_forward(x, w):
    """include_top: global average pooling (kept 1x1), conv_preds, reshape; logits (no softmax)."""
    x = mobilenet_forward(x, w).mean(dim=(2, 3), keepdim=True)
    return K.conv(x, w["conv_preds"]).flatten(1)


def write_mobilenet():
    write_keras("mobilenet_1_0.h5", mobilenet_layers(1.0, False))
    save_reference("mobilenet_1_0", mobilenet_forward, "mobilenet_1_0.h5", 32, 31)
    write_keras("mobilenet_2_5.h5", mobilenet_layers(0.25, True), style="keras1")
    save_reference("mobilenet_2_5", mobilenet_forward, "mobilenet_2_5.h5", 64, 32)
    save_reference("mobilenet_2_5_top", mobilenet_top_forward, "mobilenet_2_5.h5", 64, 33)


# ---- Xception, InceptionV3, ResNet50 (graphs in keras_graphs.py) ------------------------------

def write_recorded(name, graph, size, seed, shuffled=False, top=False):
    """<name>.h5 with the weights `graph` creates as it runs on calibration images (layer_names
    shuffled if asked), and <name>.reference.pt from the same graph reading the file back. `top`
    adds keras.applications' avg_pool + predictions (Dense 1000) and <name>_top.reference.pt."""
    recorder = Recorder()
    with torch.no_grad():
        features = graph(calibration(size), recorder)
    if top:
        recorder.layers += [("avg_pool", []), ("predictions", [
            ("kernel", random_weights("kernel", (features.shape[1], 1000))),
            ("bias", random_weights("bias", (1000,)))])]
    order = list(RNG.permutation(len(recorder.layers))) if shuffled else None
    write_keras(name + ".h5", recorder.layers, order=order)
    save_reference(name, lambda x, _: graph(x, Reader(path(name + ".h5"))), name + ".h5", size, seed)
    if top:
        def top_forward(x, w):
            pooled = graph(x, Reader(path(name + ".h5"))).mean(dim=(2, 3))
            return pooled @ K.t(w["predictions"][0]) + K.t(w["predictions"][1])
        save_reference(name + "_top", top_forward, name + ".h5", size, seed + 1)


def write_xception():
    write_recorded("xception", xception_graph, 71, 51)


def write_inception():
    import torchvision
    write_recorded("inception_v3", inception_graph, 75, 61, shuffled=True)

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
        torch.save({"input": x, "output": model.eval()(x)}, path("inception_v3_torchvision_top.reference.pt"))


def write_resnet50():
    write_recorded("resnet50", resnet50_graph, 32, 41, top=True)


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
    # Links out of the file: a weight replaced by an external link, another whose bytes live in an
    # external file. Both point at a named pipe, which blocks whoever opens it for reading.
    os.mkfifo(path("elsewhere.pipe"))
    for name, external_storage in (("external_link.h5", False), ("external_storage.h5", True)):
        shutil.copy(path("good.h5"), path(name))
        with h5py.File(path(name), "a") as f:
            group = next(f[layer.decode()] for layer in f.attrs["layer_names"]
                         if len(f[layer.decode()].attrs["weight_names"]) > 0)
            weight = group.attrs["weight_names"][0].decode()
            shape = group[weight].shape
            del group[weight]
            if external_storage:
                group.create_dataset(weight, shape=shape, dtype="<f4",
                                     external=[(path("elsewhere.pipe"), 0, h5py.h5f.UNLIMITED)])
            else:
                group[weight] = h5py.ExternalLink("elsewhere.pipe", "/data")
    # Names as variable-length strings (h5py's choice for Python str), which Keras never writes.
    shutil.copy(path("good.h5"), path("variable_length_names.h5"))
    with h5py.File(path("variable_length_names.h5"), "a") as f:
        names = [layer.decode() for layer in f.attrs["layer_names"]]
        f.attrs["layer_names"] = names


def main():
    torch.manual_seed(0)
    for group in sys.argv[2:]:
        globals()["write_" + group]()


if __name__ == "__main__":
    main()
