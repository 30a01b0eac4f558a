#include "core/runs/RunEntry.h"

#include <algorithm>

#include "core/runs/RunFolder.h"

namespace tl {

bool RunEntry::compatibleWith(const std::string& backbone, const std::vector<std::string>& classes) const {
    return hasCheckpoint && summary && summary->backbone == backbone && summary->classes == classes;
}

std::vector<RunEntry> listRuns(const std::filesystem::path& runsRoot) {
    std::vector<RunEntry> runs;
    std::error_code error;
    if (runsRoot.empty() || !std::filesystem::is_directory(runsRoot, error)) return runs;
    for (const auto& item : std::filesystem::directory_iterator(runsRoot, error)) {
        std::error_code itemError;
        if (!item.is_directory(itemError)) continue;
        try {
            const auto folder = RunFolder::open(item.path());
            RunEntry entry{folder.path(), std::nullopt, std::filesystem::exists(folder.checkpointFile(), itemError)};
            try {
                entry.summary = folder.readSummary();
                entry.interrupted = folder.isInterrupted(*entry.summary);
            } catch (const std::exception&) {
                // Listed without a summary: the picker says so rather than hiding the run.
            }
            runs.push_back(std::move(entry));
        } catch (const std::exception&) {
            // Not a run folder.
        }
    }
    // ISO 8601 UTC times sort as text; folder names start with the same time as a tie-break.
    std::sort(runs.begin(), runs.end(), [](const RunEntry& a, const RunEntry& b) {
        const std::string aTime = a.summary ? a.summary->startedAt : std::string{};
        const std::string bTime = b.summary ? b.summary->startedAt : std::string{};
        if (aTime != bTime) return aTime > bTime;
        return a.folder.filename() > b.folder.filename();
    });
    return runs;
}

}  // namespace tl
