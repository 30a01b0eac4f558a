#pragma once
#include <filesystem>
#include <optional>
#include <vector>

#include "core/runs/RunSummary.h"

namespace tl {

/// One run folder found under a runs root, as the run pickers and `runs` listings show it.
struct RunEntry {
    std::filesystem::path folder;
    std::optional<RunSummary> summary;  ///< empty when summary.json is missing or unreadable
    bool hasCheckpoint = false;         ///< the folder's checkpoint file exists (see RunFolder)
    bool interrupted = false;           ///< "running" on disk, but its process is gone (RunFolder::isInterrupted)

    /// Same backbone and the same classes in the same order: a run a fine-tune can start from.
    bool compatibleWith(const std::string& backbone, const std::vector<std::string>& classes) const;
};

/// Every folder under `runsRoot` that holds an experiment.json, newest first (by the summary's
/// start time, then by folder name). A missing or unreadable root gives an empty list; never throws.
std::vector<RunEntry> listRuns(const std::filesystem::path& runsRoot);

}  // namespace tl
