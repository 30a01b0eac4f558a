#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/runs/CheckpointChoice.h"

namespace tl {

/// What exportTorchScript() wrote: a TorchScript module that needs neither Transfer Lab nor its
/// model code, loadable with torch.jit.load (Python) or torch::jit::load (C++).
///
/// Its forward takes float32 images (N, 3, height, width), RGB, values 0..255 (what
/// torchvision.io.read_image(...).float() or a PIL image as an array gives), already resized to
/// the run's input; it applies the run's preprocessing itself and returns class probabilities
/// (N, classes), in `classes` order. The archive's extra file "transferlab.json" holds the
/// classes, the input size, the preprocessing, the run and the checkpoint.
struct TorchScriptExport {
    std::filesystem::path file;
    std::filesystem::path checkpoint;  ///< where the weights came from
    std::vector<std::string> classes;
    int height = 0;
    int width = 0;
    std::string preprocessing;  ///< as applied inside the module ("caffe", "torchvision", ...)
};

/// The extra file's name inside the archive (torch.jit.load(f, _extra_files={name: ""})).
inline constexpr const char* kTorchScriptInfoFile = "transferlab.json";

/// Traces the run's model (evaluation mode, the chosen checkpoint's weights) with its
/// preprocessing and class probabilities into `out`, written atomically. The weights are the
/// module's parameters and buffers (state_dict names with '.' as '_'). Throws tl::Error when the
/// folder is not a run with that checkpoint or the file cannot be written.
TorchScriptExport exportTorchScript(const std::filesystem::path& runFolder, const std::filesystem::path& out,
                                    CheckpointChoice checkpoint = CheckpointChoice::Best);

}  // namespace tl
