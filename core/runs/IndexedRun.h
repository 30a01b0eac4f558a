#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tl {

/// One run as the runs database (RunIndex) lists it: what the runs table, `runs list` and
/// `runs compare` show, read from the run folder's experiment.json, summary.json and
/// evaluation-test.json. Accuracies are fractions in [0, 1].
struct IndexedRun {
    std::filesystem::path folder;
    std::string folderName;  ///< the key: the folder's name under the runs root
    std::string name;
    /// summary.json's status ("running", "completed", "stopped", "failed"), "interrupted" for a
    /// "running" run whose process is gone, "unreadable" when summary.json cannot be read.
    std::string status;
    std::string error;  ///< a failed run's message, or why the folder could not be read
    std::string regime;
    bool augmented = false;  ///< the training images were augmented (fe-aug, fine-tune, scratch + augment)
    std::string backbone;
    std::string weights;  ///< "random", "imagenet", or the weights file's name
    std::string preprocessing;
    std::string frozen;  ///< describeFreezePlan() of the experiment
    std::vector<std::string> classes;
    std::int64_t trainImages = 0;
    std::int64_t validationImages = 0;
    std::int64_t testImages = 0;
    std::int64_t totalParameters = 0;
    std::int64_t trainableParameters = 0;
    int epochsPlanned = 0;
    int epochsCompleted = 0;
    int bestEpoch = 0;  ///< 0 when no epoch was validated
    std::optional<double> bestValidationAccuracy;
    std::optional<double> bestValidationLoss;
    std::optional<double> lastValidationAccuracy;
    std::optional<double> testAccuracy;  ///< the last `evaluate` on the test split, if any
    double seconds = 0;                  ///< wall time of the run
    std::string startedAt;               ///< ISO 8601, UTC
    bool endedEarly = false;
    bool hasCheckpoint = false;

    /// The regime as the lecture's table names it: "scratch", "scratch + augmentation", "fe",
    /// "fe-aug", "fine-tune".
    std::string regimeLabel() const { return regime == "scratch" && augmented ? "scratch + augmentation" : regime; }
};

}  // namespace tl
