"""Weights files for the C++ loader tests, written the way PyTorch users write them.

usage: make_weights_fixtures.py OUTPUT_FOLDER GROUP...
    writes into OUTPUT_FOLDER the files of each GROUP (resnet18, mobilenet_v2, squeezenet1_1,
    vgg16, photo, views, evil):
      resnet18.pth              torchvision resnet18 state dict (with fc), zip format
      mobilenet_v2_legacy.pth   torchvision mobilenet_v2 state dict, legacy format
      squeezenet_checkpoint.pth a training checkpoint {"epoch", "arch", "state_dict" (DataParallel
                                "module." names), "optimizer"}, zip format, pickle protocol 4
      vgg16_features_legacy.pth torchvision vgg16 `features.*` only, legacy format (as the real
                                VGG files), without the 500 MB classifier
      <name>.reference.pt       {"input": x, "output": base(x)} in eval mode, for torch::pickle_load
      <name>.top_reference.pt   {"input": x, "output": model(x)}: the whole model's 1000 logits
                                (resnet18, mobilenet_v2, squeezenet1_1)
      photo.png, photo.top5.txt (group photo, after resnet18) a 224x224 RGB image and resnet18.pth's
                                five most probable classes for it ("index probability" lines),
                                preprocessed as torchvision's ImageNet models expect
      views_zip.pth, views_legacy.pth  a dict of tensors sharing one storage (offsets, strides) and
                                a float16 / int64 tensor
      evil_system_zip.pth, evil_system_legacy.pth, evil_eval.pth  pickles that would run a command
                                creating the file named by the MARKER line below (never created
                                by a safe loader)
    prints "sha256 <file> <hex>" for each .pth file written.
Weights are random but not trivial: BatchNorm statistics and affine parameters are randomised
too, so the golden comparison exercises every tensor.
"""
import collections
import hashlib
import os
import sys

import torch
import torchvision

OUT = sys.argv[1]
MARKER = os.path.join(OUT, "pwned")


def path(name):
    return os.path.join(OUT, name)


def randomise(module, seed):
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, tensor in module.state_dict().items():
            if not tensor.is_floating_point():
                tensor.fill_(7)
            elif name.endswith("running_var"):
                tensor.copy_(torch.rand(tensor.shape, generator=generator) + 0.5)
            elif name.endswith("running_mean") or name.endswith("bias"):
                tensor.copy_(torch.randn(tensor.shape, generator=generator) * 0.1)
            elif tensor.dim() == 1:
                tensor.copy_(torch.rand(tensor.shape, generator=generator) * 0.5 + 0.75)
            else:
                fan_in = tensor[0].numel()
                tensor.copy_(torch.randn(tensor.shape, generator=generator) * (2.0 / fan_in) ** 0.5)


def save_reference(name, module, size, seed, kind="reference"):
    """<name>.<kind>.pt: {"input": x, "output": module(x)} in eval mode."""
    module.eval()
    x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        y = module(x)
    torch.save({"input": x, "output": y}, path(name + "." + kind + ".pt"))


def resnet_base(model):
    children = ("conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4")
    return torch.nn.Sequential(*[getattr(model, child) for child in children])


class System:
    def __reduce__(self):
        return (os.system, ("touch " + MARKER,))


class Eval:
    def __reduce__(self):
        return (eval, ("__import__('os').system('touch " + MARKER + "')",))


def write_resnet18():
    resnet = torchvision.models.resnet18()
    randomise(resnet, 1)
    torch.save(resnet.state_dict(), path("resnet18.pth"))
    save_reference("resnet18", resnet_base(resnet), 64, 11)
    save_reference("resnet18", resnet, 64, 21, "top_reference")


def write_mobilenet_v2():
    mobilenet = torchvision.models.mobilenet_v2()
    randomise(mobilenet, 2)
    torch.save(mobilenet.state_dict(), path("mobilenet_v2_legacy.pth"), _use_new_zipfile_serialization=False)
    save_reference("mobilenet_v2", mobilenet.features, 64, 12)
    save_reference("mobilenet_v2", mobilenet, 64, 22, "top_reference")


def write_squeezenet1_1():
    squeezenet = torchvision.models.squeezenet1_1()
    randomise(squeezenet, 3)
    wrapped = torch.nn.DataParallel(squeezenet)
    optimizer = torch.optim.SGD(wrapped.parameters(), lr=0.01, momentum=0.9)
    checkpoint = {"epoch": 3, "arch": "squeezenet1_1", "best_acc1": 0.5, "state_dict": wrapped.state_dict(),
                  "optimizer": optimizer.state_dict()}
    torch.save(checkpoint, path("squeezenet_checkpoint.pth"), pickle_protocol=4)
    save_reference("squeezenet1_1", squeezenet.features, 64, 13)
    save_reference("squeezenet1_1", squeezenet, 64, 23, "top_reference")


def write_vgg16():
    features = torchvision.models.vgg.make_layers(torchvision.models.vgg.cfgs["D"])
    vgg = torch.nn.Module()
    vgg.features = features
    randomise(vgg, 4)
    torch.save(vgg.state_dict(), path("vgg16_features_legacy.pth"), _use_new_zipfile_serialization=False)
    save_reference("vgg16", features, 32, 14)


def write_photo():
    """A smooth colour pattern with noise, lossless; what resnet18.pth makes of it."""
    from PIL import Image
    import numpy as np
    y, x = np.mgrid[0:224, 0:224]
    noise = np.random.RandomState(5).randint(-40, 40, (224, 224, 3))
    pattern = np.stack([x * 255 // 223, y * 255 // 223, (x + y) * 255 // 446], axis=-1) + noise
    pixels = np.clip(pattern, 0, 255).astype(np.uint8)
    Image.fromarray(pixels, "RGB").save(path("photo.png"))

    resnet = torchvision.models.resnet18()
    resnet.load_state_dict(torch.load(path("resnet18.pth")))
    resnet.eval()
    image = torch.from_numpy(np.array(Image.open(path("photo.png")).convert("RGB"))).permute(2, 0, 1).float() / 255
    mean, std = torch.tensor([0.485, 0.456, 0.406]), torch.tensor([0.229, 0.224, 0.225])
    image = (image - mean[:, None, None]) / std[:, None, None]
    with torch.no_grad():
        probabilities = torch.softmax(resnet(image[None]).double(), 1)[0]
    values, indices = probabilities.topk(5)
    with open(path("photo.top5.txt"), "w") as f:
        for index, value in zip(indices.tolist(), values.tolist()):
            f.write("%d %.17g\n" % (index, value))


def write_views():
    flat = torch.arange(24, dtype=torch.float32)
    views = collections.OrderedDict()
    views["whole"] = flat.view(4, 6)
    views["tail"] = flat[10:16]
    views["transposed"] = flat.view(4, 6).t()
    views["half"] = torch.tensor([0.5, -2.0, 1024.0], dtype=torch.float16)
    views["count"] = torch.tensor(42, dtype=torch.int64)
    views["empty"] = torch.zeros(0, 3)
    torch.save(views, path("views_zip.pth"))
    torch.save(views, path("views_legacy.pth"), _use_new_zipfile_serialization=False)


def write_evil():
    torch.save({"weight": torch.zeros(2), "payload": System()}, path("evil_system_zip.pth"))
    torch.save({"weight": torch.zeros(2), "payload": System()}, path("evil_system_legacy.pth"),
               _use_new_zipfile_serialization=False)
    torch.save({"payload": Eval(), "weight": torch.zeros(2)}, path("evil_eval.pth"))


def main():
    torch.manual_seed(0)
    for group in sys.argv[2:]:
        globals()["write_" + group]()
    for name in sorted(os.listdir(OUT)):
        if name.endswith(".pth"):
            with open(path(name), "rb") as f:
                print("sha256", name, hashlib.sha256(f.read()).hexdigest())


if __name__ == "__main__":
    main()
