#pragma once
#include <filesystem>

#include "core/training/Evaluator.h"

namespace tl {

/// Writes a run as one self-contained HTML page, viewable offline and mailable as one file: what
/// ran (experiment, data, frozen layers, parameters), how it went (status, epochs, best epoch,
/// time), the loss and accuracy curves (inline SVG), and, given an evaluation, its accuracy and
/// loss, precision / recall / F1 per class, the confusion matrix with counts, the ROC AUC (two
/// classes) and the most confidently wrong images embedded as JPEG. Written atomically; throws
/// tl::Error when the folder is not a run or `out` cannot be written.
void writeRunReport(const std::filesystem::path& runFolder, const std::filesystem::path& out,
                    const Evaluation* evaluation = nullptr);

}  // namespace tl
