#include "core/weights/keras/internal/KerasMatcher.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/models/internal/KerasOps.h"
#include "core/weights/internal/WeightsMatcher.h"

namespace tl::internal {
namespace {

/// A model tensor in the place Keras lists it within its layer.
struct Role {
    std::string name;  ///< Keras' spelling, for reports: "kernel", "gamma", ...
    torch::Tensor target;
    KerasLayout layout;
};

/// Keras file layers that no model layer takes; the names classifiers get in keras.applications.
const std::set<std::string> kTopLayers{"fc1", "fc2", "predictions", "fc1000", "conv_preds", "logits"};

void addConv(std::vector<Role>& roles, torch::nn::Conv2dImpl& conv, const char* kernelName) {
    const bool depthwise = conv.options.groups() > 1;
    roles.push_back({kernelName, conv.weight, depthwise ? KerasLayout::Depthwise : KerasLayout::Conv});
}

/// The layer's tensors in Keras' weight order.
std::vector<Role> rolesOf(const KerasLayer& layer) {
    auto& module = *layer.module;
    std::vector<Role> roles;
    if (auto* separable = module.as<SeparableConv2dImpl>()) {
        addConv(roles, *separable->depthwise, "depthwise_kernel");
        addConv(roles, *separable->pointwise, "pointwise_kernel");
        if (separable->pointwise->bias.defined())
            roles.push_back({"bias", separable->pointwise->bias, KerasLayout::Vector});
    } else if (auto* conv = module.as<torch::nn::Conv2dImpl>()) {
        addConv(roles, *conv, conv->options.groups() > 1 ? "depthwise_kernel" : "kernel");
        if (conv->bias.defined()) roles.push_back({"bias", conv->bias, KerasLayout::Vector});
    } else if (auto* norm = module.as<torch::nn::BatchNorm2dImpl>()) {
        roles.push_back({"gamma", norm->weight, KerasLayout::Vector});
        roles.push_back({"beta", norm->bias, KerasLayout::Vector});
        roles.push_back({"moving_mean", norm->running_mean, KerasLayout::Vector});
        roles.push_back({"moving_variance", norm->running_var, KerasLayout::Vector});
    } else if (auto* dense = module.as<torch::nn::LinearImpl>()) {
        const auto layout = layer.flattenedInput.empty() ? KerasLayout::Dense : KerasLayout::FlattenedDense;
        roles.push_back({"kernel", dense->weight, layout});
        if (dense->bias.defined()) roles.push_back({"bias", dense->bias, KerasLayout::Vector});
    }
    return roles;
}

/// The shape Keras stores for a torch tensor of `sizes` in `layout`.
std::vector<std::int64_t> kerasShape(torch::IntArrayRef sizes, KerasLayout layout) {
    switch (layout) {
        case KerasLayout::Conv:
            return {sizes[2], sizes[3], sizes[1], sizes[0]};
        case KerasLayout::Depthwise:
            return {sizes[2], sizes[3], sizes[0], sizes[1]};
        case KerasLayout::Dense:
        case KerasLayout::FlattenedDense:
            return {sizes[1], sizes[0]};
        case KerasLayout::Vector:
            break;
    }
    return sizes.vec();
}

torch::Tensor toTorch(const torch::Tensor& keras, const KerasCopy& copy) {
    switch (copy.layout) {
        case KerasLayout::Conv:
            return keras.permute({3, 2, 0, 1});
        case KerasLayout::Depthwise:
            return keras.permute({2, 3, 0, 1});
        case KerasLayout::Dense:
            return keras.t();
        case KerasLayout::FlattenedDense: {
            // Row (h * W + w) * C + c of Keras' kernel is input feature c * H * W + h * W + w here.
            const auto& chw = copy.flattenedInput;
            return keras.reshape({chw[1], chw[2], chw[0], keras.size(1)})
                .permute({2, 0, 1, 3})
                .reshape({-1, keras.size(1)})
                .t();
        }
        case KerasLayout::Vector:
            break;
    }
    return keras;
}

/// A BatchNormalization saved without scale (or center) has 3 weights; drops the absent role
/// and plans its constant (gamma 1, beta 0). The spelling only decides which one is absent;
/// without a recognisable spelling, gamma is (keras.applications' scale=False).
void dropAbsentNormRole(std::vector<Role>& roles, const KerasLayerWeights& layer, std::vector<KerasCopy>& copies) {
    if (roles.size() != 4 || roles[0].name != "gamma" || layer.weights.size() != 3) return;
    const auto spelled = [&](const char* word) {
        return std::any_of(layer.weights.begin(), layer.weights.end(),
                           [&](const KerasWeight& weight) { return weight.name.find(word) != std::string::npos; });
    };
    const bool betaAbsent = spelled("gamma") && !spelled("beta");
    const std::size_t absent = betaAbsent ? 1 : 0;
    copies.push_back({roles[absent].target, nullptr, KerasLayout::Vector, betaAbsent ? 0.0 : 1.0});
    roles.erase(roles.begin() + static_cast<std::ptrdiff_t>(absent));
}

/// "block1_conv1/kernel:0" as reports name a file weight (its own name when it already starts
/// with the layer's, as in Keras 2 files).
std::string weightLabel(const KerasLayerWeights& layer, const KerasWeight& weight) {
    return weight.name.starts_with(layer.name) ? weight.name : layer.name + "/" + weight.name;
}

/// The number after "<family>_" in an automatically named layer ("conv2d_12" -> 12, "conv2d" ->
/// 0), or -1 when `name` is not of that family.
long autoNumber(const std::string& name, const std::string& family) {
    if (name == family) return 0;
    if (!name.starts_with(family + "_") || name.size() == family.size() + 1) return -1;
    const auto digits = name.substr(family.size() + 1);
    if (!std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) return -1;
    return std::stol(digits);
}

/// The file layer each model layer takes (null: the file lacks it).
std::vector<const KerasLayerWeights*> pairLayers(const std::vector<KerasLayer>& layers, const KerasArchive& file) {
    std::map<std::string, const KerasLayerWeights*> byName;
    for (const auto& layer : file.layers()) byName[layer.name] = &layer;
    std::map<std::string, std::vector<std::pair<long, const KerasLayerWeights*>>> families;
    for (const auto& layer : layers) {
        if (layer.ordinal < 0 || families.contains(layer.name)) continue;
        auto& ranked = families[layer.name];
        for (const auto& candidate : file.layers()) {
            if (const auto number = autoNumber(candidate.name, layer.name); number >= 0) {
                ranked.emplace_back(number, &candidate);
            }
        }
        std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    std::vector<const KerasLayerWeights*> paired;
    for (const auto& layer : layers) {
        if (layer.ordinal < 0) {
            const auto found = byName.find(layer.name);
            paired.push_back(found == byName.end() ? nullptr : found->second);
        } else {
            const auto& ranked = families[layer.name];
            const auto rank = static_cast<std::size_t>(layer.ordinal);
            paired.push_back(rank < ranked.size() ? ranked[rank].second : nullptr);
        }
    }
    return paired;
}

bool looksLikeTop(const KerasLayerWeights& layer) {
    return kTopLayers.contains(layer.name) || layer.weights.front().shape.size() == 2;
}

}  // namespace

KerasMatch matchKerasWeights(const std::vector<KerasLayer>& layers, const KerasArchive& file, bool includeTop,
                             WeightsReport& report) {
    KerasMatch match;
    std::vector<std::string> missingText, unexpectedText, mismatchText;
    const auto missing = [&](const std::string& name, const std::vector<std::int64_t>& shape) {
        report.missing.push_back(name);
        missingText.push_back(name + " " + shapeText(shape));
    };
    const auto unexpected = [&](const KerasLayerWeights& layer, const KerasWeight& weight) {
        report.unexpected.push_back(weightLabel(layer, weight));
        unexpectedText.push_back(weightLabel(layer, weight) + " " + shapeText(weight.shape));
    };

    const auto paired = pairLayers(layers, file);
    std::set<const KerasLayerWeights*> taken;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        auto roles = rolesOf(layers[i]);
        const auto* source = paired[i];
        if (source == nullptr) {
            const auto label =
                layers[i].ordinal < 0 ? layers[i].name : layers[i].name + " #" + std::to_string(layers[i].ordinal + 1);
            for (const auto& role : roles)
                missing(label + "/" + role.name, kerasShape(role.target.sizes(), role.layout));
            continue;
        }
        taken.insert(source);
        dropAbsentNormRole(roles, *source, match.copies);
        for (std::size_t k = 0; k < std::max(roles.size(), source->weights.size()); ++k) {
            if (k >= source->weights.size()) {
                missing(source->name + "/" + roles[k].name, kerasShape(roles[k].target.sizes(), roles[k].layout));
                continue;
            }
            const auto& weight = source->weights[k];
            if (k >= roles.size()) {
                unexpected(*source, weight);
                continue;
            }
            const auto expected = kerasShape(roles[k].target.sizes(), roles[k].layout);
            if (expected != weight.shape) {
                report.mismatched.push_back({weightLabel(*source, weight), expected, weight.shape});
                mismatchText.push_back(weightLabel(*source, weight) + " (model " + shapeText(expected) + ", file " +
                                       shapeText(weight.shape) + ")");
            } else {
                match.copies.push_back({roles[k].target, &weight, roles[k].layout, 0.0, layers[i].flattenedInput});
            }
        }
    }
    for (const auto& layer : file.layers()) {
        if (taken.contains(&layer)) continue;
        for (const auto& weight : layer.weights) {
            if (!includeTop && looksLikeTop(layer)) {
                report.ignoredTop.push_back(weightLabel(layer, weight));
            } else {
                unexpected(layer, weight);
            }
        }
    }
    match.problems = describeProblems(missingText, unexpectedText, mismatchText);
    return match;
}

void applyKerasCopies(const KerasArchive& file, const std::vector<KerasCopy>& copies) {
    std::vector<torch::Tensor> sources;
    sources.reserve(copies.size());
    for (const auto& copy : copies) {
        sources.push_back(copy.weight == nullptr ? torch::full_like(copy.target, copy.fill)
                                                 : toTorch(file.read(*copy.weight), copy));
    }
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < copies.size(); ++i) copies[i].target.copy_(sources[i]);
}

}  // namespace tl::internal
