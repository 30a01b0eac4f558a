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
/// under "classifier." or "fc." that the module lacks go to ignoredTop instead of unexpected.
/// A module's "*.num_batches_tracked" absent from the file is not reported missing.
/// Changes nothing in `module`.
WeightsMatch matchWeights(torch::nn::Module& module, const TorchCheckpoint& file, bool includeTop,
                          WeightsReport& report);

/// Reads the file tensor of every planned copy. Throws tl::Error (a damaged storage) before
/// anything in the module has changed.
void readSources(TorchCheckpoint& file, std::vector<TensorCopy>& copies);

/// Copies every planned tensor read by readSources() (converting the element type if they
/// differ), without autograd.
void applyCopies(const std::vector<TensorCopy>& copies);

}  // namespace tl::internal
