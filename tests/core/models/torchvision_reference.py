"""Reference data from torchvision 0.14 for the C++ backbone tests.

usage: torchvision_reference.py OUTPUT_FILE
    prints "<backbone> <state dict key> <d0,d1,...>" for every entry of each convolutional
    base; then fills the bases with reference weights (see reference_weights; the C++ test
    computes the same values), runs them in eval mode on a random batch and torch.save()s a
    plain dict {"<backbone>/input": x, "<backbone>/output": y} for torch::pickle_load.
"""
import math
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


def reference_weights(index, key, shape):
    """Weights for the floating-point tensor number `index` (keys in sorted order): a Weyl
    sequence in float64 (correctly rounded multiply and add, exact floor), so any torch build on
    any CPU computes identical values."""
    count = 1
    for size in shape:
        count *= size
    position = torch.arange(count, dtype=torch.float64) * 0.6180339887498949 + 0.1 * (index + 1)
    unit = (position - torch.floor(position)).to(torch.float32).reshape(shape)
    if key.endswith("running_var"):
        return unit + 0.5
    if len(shape) == 4:
        fan_in = count // shape[0]
        return (unit - 0.5) * math.sqrt(24.0 / fan_in)
    if key.endswith("weight"):
        return unit * 0.5 + 0.75
    return (unit - 0.5) * 0.2


def main():
    without_initialisation()
    generator = torch.Generator().manual_seed(0)
    fixture = {}
    for name, (size, prefixes) in BASES.items():
        model = getattr(torchvision.models, name)()
        state = {k: v for k, v in model.state_dict().items() if k.startswith(prefixes)}
        for key, value in state.items():
            print(name, key, ",".join(str(d) for d in value.shape))
        if size is None:
            continue
        with torch.no_grad():
            floating = sorted(key for key, value in state.items() if value.is_floating_point())
            for index, key in enumerate(floating):
                state[key].copy_(reference_weights(index, key, tuple(state[key].shape)))
            model.eval()
            x = torch.randn(2, 3, size, size, generator=generator)
            y = base_forward(name, model, x)
        fixture[name + "/input"] = x
        fixture[name + "/output"] = y
    torch.save(fixture, sys.argv[1])


if __name__ == "__main__":
    main()
