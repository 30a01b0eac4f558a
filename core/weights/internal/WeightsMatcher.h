#pragma once
// Internal: includes torch. Matches a weights file's tensors against a module's before loading.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/weights/WeightsFile.h"
#include "core/weights/internal/TorchCheckpoint.h"

namespace tl::internal {

/// A model tensor and the file tensor of the same name and shape that will fill it.
struct TensorCopy {
    torch::Tensor target;
    const TensorEntry* entry = nullptr;  ///< in the checkpoint given to matchWeights()
    torch::Tensor source;                ///< empty until readSources()
};

/// The plan for loading a file into a module: what to copy, and the report of what does not fit.
struct WeightsMatch {
    std::vector<TensorCopy> copies;
    /// Human summary of every missing, unexpected and mis-shaped tensor with its shapes; empty
    /// when everything fits.
    std::string problems;
};

/// Matches the tensors of `file` against the parameters and buffers of `module` by name, then
/// shape (no tensor bytes are read), and fills
/// report.missing / unexpected / mismatched / ignoredTop. With `includeTop` off, file tensors
/// under "classifier.", "fc." or "AuxLogits." that the module lacks go to ignoredTop instead of
/// unexpected; "AuxLogits." (InceptionV3's training-only classifier) always goes to ignoredTop.
/// A module's integer buffers ("*.num_batches_tracked", flags) absent from the file
/// are not reported missing.
/// Changes nothing in `module`.
WeightsMatch matchWeights(torch::nn::Module& module, const TorchCheckpoint& file, bool includeTop,
                          WeightsReport& report);

/// "[64, 3, 3, 3]": a shape as the reports print it.
std::string shapeText(torch::IntArrayRef shape);

/// The human summary of what does not fit: "2 missing from the file: a [1], b [2]; 1 not in the
/// model: c [3]; 1 of another shape: d (model [1], file [2])", from items already formatted so.
/// Empty when every list is.
std::string describeProblems(const std::vector<std::string>& missing, const std::vector<std::string>& unexpected,
                             const std::vector<std::string>& mismatched);

/// The torchvision backbone whose state dict `file` holds, told by tensor names only that
/// architecture has ("layer1.0.conv3.weight": resnet50, "features.3.squeeze.weight":
/// squeezenet1_1, ...); empty when the names match none. Used to say what a wrong file is.
std::string recogniseTorchvisionBackbone(const TorchCheckpoint& file);

/// Throws the tl::Error that refuses a file when `problems` is not empty and loading is strict
/// or no tensor fits (`fitting` == 0); its message names the file, the backbone, every problem
/// and what to do. When the file is known to hold another backbone's weights (its published
/// name, else `recognised`), the message says that first. Returns when loading may go on.
void refuseIfUnfit(const std::filesystem::path& file, const std::string& backbone, const std::string& problems,
                   std::size_t fitting, bool strict, const std::string& recognised = {});

/// Reads the file tensor of every planned copy. Throws tl::Error (a damaged storage) before
/// anything in the module has changed.
void readSources(TorchCheckpoint& file, std::vector<TensorCopy>& copies);

/// Copies every planned tensor read by readSources() (converting the element type if they
/// differ), without autograd.
void applyCopies(const std::vector<TensorCopy>& copies);

}  // namespace tl::internal
