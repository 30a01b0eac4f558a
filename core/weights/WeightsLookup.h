#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/util/Error.h"
#include "core/weights/WeightsCatalog.h"

namespace tl {

/// The pretrained file asked for is not on this machine; the message gives the URL and the
/// folder to put it in. Lets a caller offer a download instead of only showing the error.
class WeightsNotFound : public Error {
public:
    using Error::Error;
};

/// Transfer Lab's own weights cache: $XDG_CACHE_HOME/transferlab/weights, by default
/// ~/.cache/transferlab/weights. Where downloads and imports put files.
std::filesystem::path appWeightsFolder();

/// Folders searched for a pretrained file, in order:
/// 1. appWeightsFolder();
/// 2. torch's hub cache, where torchvision keeps what a notebook downloaded:
///    $TORCH_HOME/hub/checkpoints (without TORCH_HOME: $XDG_CACHE_HOME/torch/hub/checkpoints, by
///    default ~/.cache/torch/hub/checkpoints);
/// 3. Keras' cache, where keras.applications keeps its files: $KERAS_HOME/models (by default
///    ~/.keras/models).
std::vector<std::filesystem::path> weightsSearchFolders();

/// The first existing file named `entry.fileName` in weightsSearchFolders(); nullopt if none.
/// The content is not checked here.
std::optional<std::filesystem::path> locatePretrainedFile(const PretrainedFile& entry);

/// locatePretrainedFile(), or WeightsNotFound with the exact URL and the folder to put the file in.
std::filesystem::path findPretrainedFile(const PretrainedFile& entry);

/// A catalogue file and where it is on this machine.
struct LocatedWeights {
    PretrainedFile entry;
    std::filesystem::path file;
};

/// The ImageNet weights for `backbone` that are on this machine, offline: of
/// imagenetCandidates(backbone, includeTop, source), the first present one (torchvision's
/// before Keras' when both are). Throws WeightsNotFound when none is present, giving each
/// candidate's exact URL and the folder to put it in (tl::Error for a backbone without any).
LocatedWeights findImagenetWeights(const std::string& backbone, bool includeTop = false,
                                   const std::string& source = {});

}  // namespace tl
