#include "core/runs/MetricsJson.h"

namespace tl {

nlohmann::json epochToJson(const EpochMetrics& e) {
    return {{"epoch", e.epoch},
            {"train_loss", e.trainLoss},
            {"train_accuracy", e.trainAccuracy},
            {"validation_loss", e.validationLoss},
            {"validation_accuracy", e.validationAccuracy},
            {"seconds", e.seconds}};
}

}  // namespace tl
