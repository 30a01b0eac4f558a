#pragma once
#include <string>

namespace tl {

/// Which of a run's checkpoints a model is loaded from: the epoch with the best validation
/// accuracy (model-best.pt, Keras' save_best_only) or the last epoch trained (model.pt).
/// Best falls back to last for a run that kept no best file (no validation split, or a run
/// trained before best checkpoints were kept).
enum class CheckpointChoice { Best, Last };

/// "best" or "last", the words the command line and the window use.
std::string toString(CheckpointChoice choice);
/// Inverse of toString; throws tl::Error naming the word and the accepted ones.
CheckpointChoice parseCheckpointChoice(const std::string& word);

}  // namespace tl
