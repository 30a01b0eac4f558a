#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/runs/CheckpointChoice.h"
#include "core/runs/RunSummary.h"
#include "core/training/Experiment.h"
#include "core/training/TrainingMetrics.h"

namespace tl {

/// A trained run measured on one split, as evaluation-<split>.json keeps it.
struct SplitScore {
    double accuracy = 0;
    double loss = 0;
    std::size_t images = 0;
    std::string checkpoint;   ///< the checkpoint's file name (model.pt)
    std::string evaluatedAt;  ///< ISO 8601, UTC
};

/// The folder a run writes: experiment.json (what ran), split.json (which files), metrics.csv
/// (one row per epoch), batches.csv (one row per batch), summary.json, model.pt (the last epoch's
/// checkpoint, every parameter and buffer), model-best.pt (the best validation epoch's, when the run
/// has validation images) and, for the "fe" regime, features/*.npy.
/// Every file is written atomically, so a reader never sees half a file.
class RunFolder {
public:
    /// Makes runsRoot/<UTC yyyymmdd-HHMMSS>-<name>, adding "-2", "-3"... if that exists.
    static RunFolder create(const std::filesystem::path& runsRoot, const std::string& name);
    /// Opens an existing run; throws tl::Error when `folder` holds no experiment.json.
    static RunFolder open(const std::filesystem::path& folder);
    /// Names `folder` without creating or reading anything: the folder another process makes (rank 0
    /// of a data-parallel run, for the ranks that write nothing).
    static RunFolder madeElsewhere(const std::filesystem::path& folder) { return RunFolder(folder); }

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path experimentFile() const { return path_ / "experiment.json"; }
    std::filesystem::path splitFile() const { return path_ / "split.json"; }
    std::filesystem::path metricsFile() const { return path_ / "metrics.csv"; }
    std::filesystem::path batchesFile() const { return path_ / "batches.csv"; }
    std::filesystem::path summaryFile() const { return path_ / "summary.json"; }
    std::filesystem::path checkpointFile() const { return path_ / "model.pt"; }
    std::filesystem::path bestCheckpointFile() const { return path_ / "model-best.pt"; }
    /// The optimiser's and the random generator's state after the last epoch (resuming needs it).
    std::filesystem::path trainingStateFile() const { return path_ / "training-state.pt"; }
    /// The file `choice` names; Best falls back to checkpointFile() when the run kept no best file.
    std::filesystem::path checkpointFile(CheckpointChoice choice) const;
    /// What a checkpoint of this run holds, for people: "model-best.pt (epoch 7 of 30, the best
    /// validation accuracy 0.9160)" or "model.pt (epoch 30, the last trained)". Just the file
    /// name when the summary cannot be read.
    std::string describeCheckpoint(const std::filesystem::path& file) const;
    std::filesystem::path featuresFolder() const { return path_ / "features"; }
    /// The last evaluation on a split ("test", "validation", "train"), written by evaluateRun().
    std::filesystem::path evaluationFile(const std::string& split) const {
        return path_ / ("evaluation-" + split + ".json");
    }
    /// Present while a process trains into the folder: its PID, host and boot, so a run whose
    /// process died (SIGKILL, a power cut) is told apart from one still going.
    std::filesystem::path lockFile() const { return path_ / "running.lock"; }

    /// Writes lockFile() for this process. Remove it with removeLock() when the run ends.
    void writeLock() const;
    void removeLock() const;
    /// True when the summary says "running" but no live process of this machine holds the lock
    /// (no lock, or its process is gone, or the machine rebooted since). A lock from another
    /// host cannot be checked from here: that run counts as still going.
    bool isInterrupted(const RunSummary& summary) const;

    void writeMetrics(const std::vector<EpochMetrics>& epochs) const;
    void writeBatches(const std::vector<BatchMetrics>& batches) const;
    void writeSummary(const RunSummary& summary) const;
    void writeEvaluation(const std::string& split, const SplitScore& score) const;
    /// Nothing when the split was never evaluated (or its file is unreadable).
    std::optional<SplitScore> readEvaluation(const std::string& split) const;

    std::vector<EpochMetrics> readMetrics() const;
    /// Copies metrics.csv to `out`, atomically (an export). Throws tl::Error when the run has no
    /// metrics yet (it ended before its first epoch) or `out` cannot be written.
    void copyMetricsTo(const std::filesystem::path& out) const;
    /// batches.csv back, numbered as the run reported them (globalBatch, batchesPerEpoch from the
    /// longest epoch, totalBatches = the rows read). Empty when the file is missing.
    std::vector<BatchMetrics> readBatches() const;
    RunSummary readSummary() const;

private:
    explicit RunFolder(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

}  // namespace tl
