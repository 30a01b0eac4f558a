#include "core/weights/WeightsCatalog.h"

#include <cstdlib>
#include <optional>

#include "core/models/ModelSpec.h"
#include "core/util/Error.h"

namespace tl {
namespace {

constexpr const char* kTorchvisionUrl = "https://download.pytorch.org/models/";

PretrainedFile torchvision(const std::string& backbone, const std::string& stem, const std::string& hash) {
    const auto name = stem + "-" + hash + ".pth";
    return {backbone, "torchvision", name, kTorchvisionUrl + name, hash, Preprocessing::Torchvision};
}

/// $NAME when set and not empty, else nullopt.
std::optional<std::filesystem::path> environmentPath(const char* name) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return value;
    return std::nullopt;
}

/// $XDG_CACHE_HOME, by default ~/.cache.
std::filesystem::path cacheHome() {
    if (auto cache = environmentPath("XDG_CACHE_HOME")) return *cache;
    return environmentPath("HOME").value_or(".") / ".cache";
}

}  // namespace

const std::vector<PretrainedFile>& imagenetCatalog() {
    static const std::vector<PretrainedFile> catalog{
        torchvision("vgg16", "vgg16", "397923af"),
        torchvision("vgg19", "vgg19", "dcbb9e9d"),
        torchvision("resnet18", "resnet18", "f37072fd"),
        torchvision("resnet50", "resnet50", "0676ba61"),
        torchvision("mobilenet_v2", "mobilenet_v2", "b0353104"),
        torchvision("squeezenet1_1", "squeezenet1_1", "b8a52dc0"),
    };
    return catalog;
}

const PretrainedFile& imagenetFile(const std::string& backbone) {
    for (const auto& entry : imagenetCatalog()) {
        if (entry.backbone == backbone) return entry;
    }
    std::string known;
    for (const auto& entry : imagenetCatalog()) known += (known.empty() ? "" : ", ") + entry.backbone;
    throw Error("backbone '" + backbone + "' has no ImageNet weights (it is trained from scratch); use weights " +
                "\"random\", or one of " + known);
}

std::filesystem::path appWeightsFolder() {
    return cacheHome() / "transferlab" / "weights";
}

std::vector<std::filesystem::path> weightsSearchFolders() {
    // torch.hub's rule: $TORCH_HOME, else $XDG_CACHE_HOME/torch, else ~/.cache/torch.
    const auto torchHome = environmentPath("TORCH_HOME").value_or(cacheHome() / "torch");
    return {appWeightsFolder(), torchHome / "hub" / "checkpoints"};
}

std::filesystem::path findPretrainedFile(const PretrainedFile& entry) {
    std::string searched;
    for (const auto& folder : weightsSearchFolders()) {
        const auto candidate = folder / entry.fileName;
        std::error_code error;
        if (std::filesystem::is_regular_file(candidate, error)) return candidate;
        searched += (searched.empty() ? "" : ", ") + folder.string();
    }
    throw Error("the ImageNet weights of " + entry.backbone + " are not on this machine (looked in " + searched +
                "); download " + entry.url + " and put it in " + appWeightsFolder().string());
}

}  // namespace tl
