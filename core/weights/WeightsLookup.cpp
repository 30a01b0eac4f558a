#include "core/weights/WeightsLookup.h"

#include <cstdlib>

#include "core/util/Error.h"
#include "core/util/UserFolders.h"

namespace tl {
namespace {

/// $NAME when set and not empty, else nullopt.
std::optional<std::filesystem::path> environmentPath(const char* name) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return value;
    return std::nullopt;
}

std::filesystem::path home() {
    return environmentPath("HOME").value_or(".");
}

std::string searchedFolders() {
    std::string searched;
    for (const auto& folder : weightsSearchFolders()) searched += (searched.empty() ? "" : ", ") + folder.string();
    return searched;
}

}  // namespace

std::filesystem::path appWeightsFolder() {
    return userCacheHome() / "transferlab" / "weights";
}

std::vector<std::filesystem::path> weightsSearchFolders() {
    // torch.hub's rule: $TORCH_HOME, else $XDG_CACHE_HOME/torch, else ~/.cache/torch.
    const auto torchHome = environmentPath("TORCH_HOME").value_or(userCacheHome() / "torch");
    // keras.utils.get_file's rule: $KERAS_HOME, else ~/.keras; files in its "models" subfolder.
    const auto kerasHome = environmentPath("KERAS_HOME").value_or(home() / ".keras");
    return {appWeightsFolder(), torchHome / "hub" / "checkpoints", kerasHome / "models"};
}

std::optional<std::filesystem::path> locatePretrainedFile(const PretrainedFile& entry) {
    for (const auto& folder : weightsSearchFolders()) {
        const auto candidate = folder / entry.fileName;
        std::error_code error;
        if (std::filesystem::is_regular_file(candidate, error)) return candidate;
    }
    return std::nullopt;
}

std::filesystem::path findPretrainedFile(const PretrainedFile& entry) {
    if (auto file = locatePretrainedFile(entry)) return *file;
    throw WeightsNotFound("the ImageNet weights of " + entry.backbone + " are not on this machine (looked in " +
                          searchedFolders() + "); download " + entry.url + " and put it in " +
                          appWeightsFolder().string());
}

LocatedWeights findImagenetWeights(const std::string& backbone, bool includeTop, const std::string& source) {
    const auto candidates = imagenetCandidates(backbone, includeTop, source);
    for (const auto& entry : candidates) {
        if (auto file = locatePretrainedFile(entry)) return {entry, *file};
    }
    std::string urls;
    for (const auto& entry : candidates) urls += (urls.empty() ? "" : " or ") + entry.url;
    throw WeightsNotFound("the ImageNet weights of " + backbone + " are not on this machine (looked in " +
                          searchedFolders() + "); run 'transferlab-cli weights fetch " + backbone + "', or download " +
                          urls + " and put it in " + appWeightsFolder().string());
}

}  // namespace tl
