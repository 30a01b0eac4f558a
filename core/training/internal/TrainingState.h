#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <torch/torch.h>

#include <filesystem>

namespace tl::internal {

/// What a run needs besides its weights to go on exactly where it ended: the optimiser's state
/// (RMSprop's square averages, Adam's moments, momentum buffers) and the position of LibTorch's
/// CPU random generator (dropout's masks). Written after every epoch beside model.pt, so an
/// interrupted run resumes from its last finished epoch with the curves it would have had.
///
/// save() writes atomically and never throws through LibTorch's writer (a full disk is a
/// tl::Error naming the file); load() throws tl::Error naming the file when it cannot be read or
/// does not fit `optimizer`.
void saveTrainingState(const std::filesystem::path& file, torch::optim::Optimizer& optimizer);
void loadTrainingState(const std::filesystem::path& file, torch::optim::Optimizer& optimizer);

}  // namespace tl::internal
