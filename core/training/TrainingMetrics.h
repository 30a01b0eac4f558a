#pragma once
#include <cstddef>
#include <string>

#include "core/evaluation/ProbabilityHistogram.h"

namespace tl {

/// Reported after every training batch.
struct BatchMetrics {
    int epoch = 0;  ///< 1-based
    int batch = 0;  ///< 1-based within the epoch
    int batchesPerEpoch = 0;
    int globalBatch = 0;        ///< 1-based over the whole run
    int totalBatches = 0;       ///< over the whole run
    double loss = 0;            ///< mean loss of this batch
    double accuracy = 0;        ///< fraction of this batch classified right
    double elapsedSeconds = 0;  ///< since the run's training phase started, time paused left out
};

/// Reported after every epoch: training averages over the epoch, then the validation pass.
struct EpochMetrics {
    int epoch = 0;  ///< 1-based
    double trainLoss = 0;
    double trainAccuracy = 0;
    double validationLoss = 0;
    double validationAccuracy = 0;
    double seconds = 0;  ///< wall time of this epoch, validation included
    /// The validation images' predicted probabilities at the end of this epoch (empty counts
    /// without a validation pass). Not kept in metrics.csv.
    ProbabilityHistogram validationHistogram;
};

/// Progress of a long step that is not a training batch (feature extraction, evaluation).
struct PhaseProgress {
    std::string phase;  ///< e.g. "extracting train features"
    std::size_t done = 0;
    std::size_t total = 0;
    double elapsedSeconds = 0;
};

}  // namespace tl
