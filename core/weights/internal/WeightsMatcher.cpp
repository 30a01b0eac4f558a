#include "core/weights/internal/WeightsMatcher.h"

#include <map>
#include <set>
#include <sstream>

#include "core/util/Error.h"
#include "core/weights/WeightsCatalog.h"

namespace tl::internal {
namespace {

/// torchvision's classifier modules: the "top" a Keras user would leave out with include_top.
/// InceptionV3's auxiliary classifier counts as part of the top.
const std::vector<std::string> kTopPrefixes{"classifier.", "fc.", "AuxLogits."};

bool isTop(const std::string& name) {
    for (const auto& prefix : kTopPrefixes) {
        if (name.starts_with(prefix)) return true;
    }
    return false;
}

/// InceptionV3's auxiliary classifier only helps training; no model of core's has it, so it is
/// skipped even when the top is loaded.
bool isAuxiliary(const std::string& name) {
    return name.starts_with("AuxLogits.");
}

}  // namespace

std::string shapeText(torch::IntArrayRef shape) {
    std::ostringstream out;
    out << shape;
    return out.str();
}

std::string describeProblems(const std::vector<std::string>& missing, const std::vector<std::string>& unexpected,
                             const std::vector<std::string>& mismatched) {
    std::string problems;
    const auto list = [&](const char* title, const std::vector<std::string>& items) {
        if (items.empty()) return;
        problems += (problems.empty() ? "" : "; ") + std::to_string(items.size()) + " " + title + ": ";
        for (std::size_t i = 0; i < items.size(); ++i) problems += (i == 0 ? "" : ", ") + items[i];
    };
    list("missing from the file", missing);
    list("not in the model", unexpected);
    list("of another shape", mismatched);
    return problems;
}

std::string recogniseTorchvisionBackbone(const TorchCheckpoint& file) {
    std::set<std::string> names;
    for (const auto& entry : file.entries()) names.insert(entry.name);
    const auto has = [&](const char* name) { return names.contains(name); };
    // Most specific first: resnet50 has resnet18's names too, vgg19 has vgg16's.
    if (has("Conv2d_1a_3x3.conv.weight")) return "inception_v3";
    if (has("layer1.0.conv3.weight")) return "resnet50";
    if (has("layer1.0.conv1.weight")) return "resnet18";
    if (has("features.3.squeeze.weight")) return "squeezenet1_1";
    if (has("features.1.conv.0.0.weight")) return "mobilenet_v2";
    if (has("features.34.weight")) return "vgg19";
    if (has("features.28.weight")) return "vgg16";
    return {};
}

void refuseIfUnfit(const std::filesystem::path& file, const std::string& backbone, const std::string& problems,
                   std::size_t fitting, bool strict, const std::string& recognised) {
    if (problems.empty() || (!strict && fitting > 0)) return;
    // What it means first, the list of tensors last: a reader stops after the first sentence.
    const auto* published = catalogEntryNamed(file.filename().string());
    const std::string holds = published != nullptr ? published->backbone : recognised;
    if (!holds.empty() && holds != backbone) {
        throw Error(file.string() + " holds " + holds + " weights, not " + backbone +
                    " ones; nothing was loaded. Choose " + holds + " as the backbone, or a weights file made for " +
                    backbone + ". " + problems + ".");
    }
    const auto advice = fitting == 0 ? std::string("No tensor fits: is the file for another architecture?")
                                     : "Load non-strict to take the " + std::to_string(fitting) +
                                           " tensors that fit (\"Load only the tensors that fit\", --non-strict).";
    throw Error(file.string() + " does not fit the " + backbone + " base; nothing was loaded. " + advice + " " +
                problems + ".");
}

WeightsMatch matchWeights(torch::nn::Module& module, const TorchCheckpoint& file, bool includeTop,
                          WeightsReport& report) {
    // The module's order (parameters, then buffers), so reports read like the architecture.
    std::vector<std::pair<std::string, torch::Tensor>> targets;
    std::set<std::string> targetNames;
    for (const auto& item : module.named_parameters(true)) targets.emplace_back(item.key(), item.value());
    for (const auto& item : module.named_buffers(true)) targets.emplace_back(item.key(), item.value());
    for (const auto& [name, tensor] : targets) targetNames.insert(name);
    std::map<std::string, const TensorEntry*> sources;
    for (const auto& entry : file.entries()) sources[entry.name] = &entry;

    WeightsMatch match;
    std::vector<std::string> missingText, unexpectedText, mismatchText;
    for (const auto& [name, target] : targets) {
        const auto found = sources.find(name);
        if (found == sources.end()) {
            // Counters and flags (num_batches_tracked, InceptionV3's pooling flag) are not weights.
            if (!target.is_floating_point()) continue;
            report.missing.push_back(name);
            missingText.push_back(name + " " + shapeText(target.sizes()));
        } else if (const auto sizes = file.sizes(*found->second); target.sizes() != sizes) {
            report.mismatched.push_back({name, target.sizes().vec(), sizes});
            mismatchText.push_back(name + " (model " + shapeText(target.sizes()) + ", file " + shapeText(sizes) + ")");
        } else {
            match.copies.push_back({target, found->second, {}});
        }
    }
    for (const auto& entry : file.entries()) {
        if (targetNames.contains(entry.name)) continue;
        if ((!includeTop && isTop(entry.name)) || isAuxiliary(entry.name)) {
            report.ignoredTop.push_back(entry.name);
        } else {
            report.unexpected.push_back(entry.name);
            unexpectedText.push_back(entry.name + " " + shapeText(file.sizes(entry)));
        }
    }

    match.problems = describeProblems(missingText, unexpectedText, mismatchText);
    return match;
}

void readSources(TorchCheckpoint& file, std::vector<TensorCopy>& copies) {
    for (auto& copy : copies) copy.source = file.read(*copy.entry);
}

void applyCopies(const std::vector<TensorCopy>& copies) {
    torch::NoGradGuard noGrad;
    for (const auto& copy : copies) copy.target.copy_(copy.source);
}

}  // namespace tl::internal
