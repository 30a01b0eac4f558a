#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/Preprocessing.h"

namespace tl {

/// A published pretrained-weights file for one backbone.
struct PretrainedFile {
    std::string backbone;      ///< core's backbone name ("resnet18")
    std::string source;        ///< family and naming of the file: "torchvision"
    std::string fileName;      ///< canonical name ("resnet18-f37072fd.pth")
    std::string url;           ///< where its publisher serves it
    std::string sha256Prefix;  ///< leading hex digits of the file's SHA-256 (torchvision's suffix)
    Preprocessing preprocessing = Preprocessing::Torchvision;
};

/// The ImageNet weights core knows of: torchvision 0.14's IMAGENET1K_V1 files for vgg16, vgg19,
/// resnet18, resnet50, mobilenet_v2 and squeezenet1_1.
const std::vector<PretrainedFile>& imagenetCatalog();

/// The catalogue entry for `backbone`. Throws tl::Error for a backbone without ImageNet weights
/// (small_convnet, tiny) or an unknown one.
const PretrainedFile& imagenetFile(const std::string& backbone);

/// Transfer Lab's own weights cache: $XDG_CACHE_HOME/transferlab/weights, by default
/// ~/.cache/transferlab/weights. Where a download would put files.
std::filesystem::path appWeightsFolder();

/// Folders searched for a pretrained file, in order: appWeightsFolder(), then torch's hub cache
/// $TORCH_HOME/hub/checkpoints (without TORCH_HOME: $XDG_CACHE_HOME/torch/hub/checkpoints, by
/// default ~/.cache/torch/hub/checkpoints), where torchvision keeps what a notebook downloaded.
std::vector<std::filesystem::path> weightsSearchFolders();

/// The first existing file named `entry.fileName` in weightsSearchFolders(). Nothing is
/// downloaded: when none exists, throws tl::Error with the exact URL and the folder to put the
/// file in.
std::filesystem::path findPretrainedFile(const PretrainedFile& entry);

}  // namespace tl
