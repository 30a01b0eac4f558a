#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/runs/RunStatus.h"
#include "core/training/TrainingMetrics.h"

namespace tl {

/// What a run did, as written to its summary.json.
struct RunSummary {
    std::string name;
    RunStatus status = RunStatus::Running;
    std::string error;  ///< the failure's message when status is Failed
    std::string regime;
    std::string backbone;
    std::string preprocessing;  ///< as the run applied it (never "auto")
    std::vector<std::string> classes;
    std::size_t trainImages = 0;
    std::size_t validationImages = 0;
    std::size_t testImages = 0;
    std::size_t skippedFiles = 0;  ///< files left out, at scan or decode time
    std::int64_t totalParameters = 0;
    std::int64_t trainableParameters = 0;
    int epochsPlanned = 0;
    int epochsCompleted = 0;
    int batchesTrained = 0;
    double seconds = 0;  ///< wall time of the whole run
    EpochMetrics last;   ///< the last completed epoch (zeros when none)
    EpochMetrics best;   ///< the completed epoch with the best validation accuracy
    /// Early stopping ended the run before epochsPlanned (see TrainingSpec::earlyStopPatience).
    bool endedEarly = false;
    std::string startedAt;  ///< ISO 8601, UTC
};

}  // namespace tl
