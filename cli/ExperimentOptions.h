#pragma once
#include "cli/ArgumentParser.h"
#include "core/runs/CheckpointChoice.h"
#include "core/training/Experiment.h"

namespace tl::cli {

/// The flags that override an experiment file's fields (train, extract): --data, --epochs,
/// --batch-size, --lr, --regime, --backbone, --weights, --input, --steps, --seed, --threads,
/// --from, --split-train/--split-validation/--split-test, --trainable-from, --augment, --name.
void declareExperimentOptions(ArgumentParser& parser);

/// Applies the flags present in `parser` to `experiment`. Throws UsageError for a bad value.
void applyExperimentOptions(const ArgumentParser& parser, Experiment& experiment);

/// Every backbone name, comma-separated, for --backbone's help.
std::string backboneList();

/// "150" or "150x120" -> width and height. Throws UsageError.
ImageSize parseImageSize(const std::string& text, const std::string& option);

/// --checkpoint's help: which of a run's checkpoints evaluate, predict and export use.
inline constexpr const char* kCheckpointHelp =
    "best (default: the epoch with the best validation accuracy, model-best.pt) or last (model.pt)";

/// --checkpoint (default best). Throws UsageError for another word.
CheckpointChoice checkpointOption(const ArgumentParser& parser);

}  // namespace tl::cli
