#pragma once
#include <filesystem>

#include "core/models/Model.h"

namespace tl {

/// Writes the model's base as a PyTorch state dict (the zip container torch.save writes, read by
/// torch.load and by loadWeights()): every base parameter and buffer under the name a weights
/// file gives it ("block1_conv1.weight"), and, with `includeHead`, the head's tensors under
/// "classifier." ("classifier.dense.weight"), which loading a base skips as a classifier.
/// Tensors are written contiguous, fp32 as trained. Atomic: a failed write leaves no file.
/// Throws tl::Error naming the file.
void writeStateDict(const Model& model, const std::filesystem::path& file, bool includeHead = true);

}  // namespace tl
