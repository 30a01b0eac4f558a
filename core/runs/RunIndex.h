#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/runs/IndexedRun.h"

namespace tl {

class SqliteDatabase;

/// The runs database: runs.sqlite in a runs root, one row per run folder, so the runs table and
/// `transferlab-cli runs` list hundreds of runs without reading every folder. The folders stay the
/// truth: refresh() re-reads only folders whose files changed, adds new ones, drops gone ones, so
/// a deleted database is rebuilt from them. WAL mode: the window and the command line read and
/// refresh it at the same time. One object per thread.
class RunIndex {
public:
    static constexpr const char* kFileName = "runs.sqlite";

    /// Opens runsRoot/runs.sqlite, creating it when missing. A root that does not exist is not
    /// created (a mistyped path must not become a folder): the index lives in memory and lists
    /// nothing. A file that is not a
    /// database or is corrupt is moved aside (runs.sqlite.damaged-<UTC time>) and a new one is
    /// built; notice() says so. Where the root cannot be written (read-only media), the index is
    /// kept in memory for this object's life. Never throws for a bad database.
    explicit RunIndex(const std::filesystem::path& runsRoot);
    ~RunIndex();
    RunIndex(const RunIndex&) = delete;
    RunIndex& operator=(const RunIndex&) = delete;

    /// Brings the database up to date with the folders and returns every run, newest first (by
    /// start time, then folder name). Running runs are re-checked for a dead process every time.
    /// When the database cannot be written (disk full, busy for long), the list is still
    /// complete and notice() says why it was not saved.
    std::vector<IndexedRun> refresh();

    /// The run `key` names: a run folder's path, its folder name under the root, or a part of
    /// the folder name that only one run has. Throws tl::Error saying which runs match, or that
    /// none does (with the closest folder name).
    IndexedRun find(const std::string& key);

    const std::filesystem::path& runsRoot() const { return root_; }
    /// runs.sqlite, or empty while the index lives in memory.
    std::filesystem::path databaseFile() const;
    /// What went wrong with the database file, for people; empty when nothing did.
    const std::string& notice() const { return notice_; }

private:
    void open();
    void createSchema();
    void moveDamagedFileAside(const std::string& reason);
    void writeRows(const std::vector<IndexedRun>& changed, const std::vector<std::string>& signatures,
                   const std::vector<std::string>& gone);

    std::filesystem::path root_;
    std::unique_ptr<SqliteDatabase> database_;
    std::string notice_;
};

}  // namespace tl
