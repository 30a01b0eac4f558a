#pragma once
#include <nlohmann/json.hpp>

#include "core/training/TrainingMetrics.h"

namespace tl {

/// One epoch as summary.json and the command line's --json output write it: epoch, train_loss,
/// train_accuracy, validation_loss, validation_accuracy, seconds.
nlohmann::json epochToJson(const EpochMetrics& epoch);

}  // namespace tl
