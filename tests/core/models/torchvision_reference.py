"""Reference data from torchvision 0.14 for the C++ backbone tests.

usage: torchvision_reference.py names
    prints "<backbone> <state dict key> <d0,d1,...>" for every entry of the convolutional base
usage: torchvision_reference.py forward OUTPUT_FILE
    fills each base with random weights and statistics, runs it in eval mode on a random batch
    and torch.save()s a plain dict {"<backbone>/<key>": tensor, "<backbone>/:input": x,
    "<backbone>/:output": y} for the C++ side to load with torch::pickle_load.
"""
import sys

import torch
import torchvision

# Backbone -> (input size for the forward check, state-dict prefixes of its base).
BASES = {
    "vgg16": (32, ("features.",)),
    "vgg19": (None, ("features.",)),
    "resnet18": (64, ("conv1.", "bn1.", "layer1.", "layer2.", "layer3.", "layer4.")),
    "resnet50": (64, ("conv1.", "bn1.", "layer1.", "layer2.", "layer3.", "layer4.")),
    "mobilenet_v2": (64, ("features.",)),
    "squeezenet1_1": (64, ("features.",)),
}


def without_initialisation():
    """Weights are overwritten below; skipping torchvision's init of the large classifiers saves seconds."""
    for name in ("kaiming_normal_", "kaiming_uniform_", "normal_", "uniform_", "constant_", "zeros_", "ones_"):
        setattr(torch.nn.init, name, lambda tensor, *args, **kwargs: tensor)


def base_forward(name, model, x):
    if name.startswith("resnet"):
        for child in ("conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4"):
            x = getattr(model, child)(x)
        return x
    return model.features(x)


def randomise(state, generator):
    for key, value in state.items():
        if not value.is_floating_point():
            continue
        if key.endswith("running_var"):
            value.copy_(torch.rand(value.shape, generator=generator) + 0.5)
        elif value.dim() == 4:
            fan_in = value[0].numel()
            value.copy_(torch.randn(value.shape, generator=generator) * (2.0 / fan_in) ** 0.5)
        elif key.endswith("weight"):
            value.copy_(torch.rand(value.shape, generator=generator) * 0.5 + 0.75)
        else:
            value.copy_(torch.randn(value.shape, generator=generator) * 0.1)


def main():
    mode = sys.argv[1]
    without_initialisation()
    generator = torch.Generator().manual_seed(0)
    fixture = {}
    for name, (size, prefixes) in BASES.items():
        model = getattr(torchvision.models, name)()
        state = {k: v for k, v in model.state_dict().items() if k.startswith(prefixes)}
        if mode == "names":
            for key, value in state.items():
                print(name, key, ",".join(str(d) for d in value.shape))
            continue
        if size is None:
            continue
        with torch.no_grad():
            randomise(state, generator)
            model.eval()
            x = torch.randn(2, 3, size, size, generator=generator)
            y = base_forward(name, model, x)
        for key, value in state.items():
            fixture[name + "/" + key] = value.clone()
        fixture[name + "/:input"] = x
        fixture[name + "/:output"] = y
    if mode == "forward":
        torch.save(fixture, sys.argv[2])


if __name__ == "__main__":
    main()
