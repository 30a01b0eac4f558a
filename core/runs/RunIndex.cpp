#include "core/runs/RunIndex.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/models/FreezePlan.h"
#include "core/runs/RunFolder.h"
#include "core/runs/WeightsLineage.h"
#include "core/training/ExperimentFile.h"
#include "core/training/Regime.h"
#include "core/util/Clock.h"
#include "core/util/Error.h"
#include "core/util/SqliteDatabase.h"
#include "core/util/SqliteStatement.h"
#include "core/util/Suggestion.h"
#include "core/util/TextList.h"

namespace tl {
namespace {

/// Bump when the table changes: an older file's table is dropped and rebuilt from the folders.
constexpr int kSchemaVersion = 2;

constexpr const char* kColumns =
    "folder, signature, name, status, error, regime, augmented, backbone, weights, preprocessing, frozen, "
    "classes, train_images, validation_images, test_images, total_parameters, trainable_parameters, "
    "epochs_planned, epochs_completed, best_epoch, best_validation_accuracy, best_validation_loss, "
    "last_validation_accuracy, test_accuracy, seconds, started_at, ended_early, has_checkpoint";

/// What a folder's files are now: size and modification time of each file a row is read from.
/// A row whose signature still matches is not read again.
std::string signatureOf(const RunFolder& run) {
    std::ostringstream out;
    for (const auto& file : {run.experimentFile(), run.summaryFile(), run.evaluationFile("test"), run.checkpointFile(),
                             run.bestCheckpointFile()}) {
        std::error_code error;
        const auto size = std::filesystem::file_size(file, error);
        if (error) {
            out << "-;";
            continue;
        }
        const auto time = std::filesystem::last_write_time(file, error);
        out << size << ":" << time.time_since_epoch().count() << ";";
    }
    return out.str();
}

std::string weightsLabel(const std::string& weights) {
    if (weights == "random" || weights == "imagenet" || weights.empty()) return weights;
    return std::filesystem::path(weights).filename().string();
}

IndexedRun readFolder(const RunFolder& run) {
    IndexedRun row;
    row.folder = run.path();
    row.folderName = run.path().filename().string();
    row.name = row.folderName;
    try {
        const auto experiment = loadExperiment(run.experimentFile());
        row.name = experiment.name;
        const auto regime = experiment.training.regime;
        row.regime = std::string(toString(regime));
        row.augmented = augments(regime, experiment.training.augment);
        row.backbone = experiment.model.backbone;
        row.weights = weightsLabel(originalWeights(experiment));
        row.frozen = describeFreezePlan(freezesBase(regime) ? FreezePlan::frozenBase() : experiment.freeze);
    } catch (const std::exception& error) {
        row.error = error.what();
    }
    try {
        const auto summary = run.readSummary();
        row.name = summary.name.empty() ? row.name : summary.name;
        row.status = toString(summary.status);
        if (!summary.error.empty()) row.error = summary.error;
        if (!summary.regime.empty()) row.regime = summary.regime;
        if (!summary.backbone.empty()) row.backbone = summary.backbone;
        row.preprocessing = summary.preprocessing;
        row.classes = summary.classes;
        row.trainImages = static_cast<std::int64_t>(summary.trainImages);
        row.validationImages = static_cast<std::int64_t>(summary.validationImages);
        row.testImages = static_cast<std::int64_t>(summary.testImages);
        row.totalParameters = summary.totalParameters;
        row.trainableParameters = summary.trainableParameters;
        row.epochsPlanned = summary.epochsPlanned;
        row.epochsCompleted = summary.epochsCompleted;
        if (summary.validationImages > 0 && summary.epochsCompleted > 0 && summary.best.epoch > 0) {
            row.bestEpoch = summary.best.epoch;
            row.bestValidationAccuracy = summary.best.validationAccuracy;
            row.bestValidationLoss = summary.best.validationLoss;
            row.lastValidationAccuracy = summary.last.validationAccuracy;
        }
        row.seconds = summary.seconds;
        row.startedAt = summary.startedAt;
        row.endedEarly = summary.endedEarly;
    } catch (const std::exception& error) {
        row.status = "unreadable";
        row.error = error.what();
    }
    if (const auto test = run.readEvaluation("test")) row.testAccuracy = test->accuracy;
    std::error_code error;
    row.hasCheckpoint = std::filesystem::exists(run.checkpointFile(), error);
    return row;
}

/// A running run's process may have died since the row was written: no file changes then.
void recheckInterrupted(IndexedRun& row) {
    if (row.status != "running" && row.status != "interrupted") return;
    RunSummary running;
    running.status = RunStatus::Running;
    try {
        row.status = RunFolder::open(row.folder).isInterrupted(running) ? "interrupted" : "running";
    } catch (const std::exception&) {
        row.status = "interrupted";
    }
}

IndexedRun rowFromStatement(const SqliteStatement& s, const std::filesystem::path& root) {
    IndexedRun row;
    row.folderName = s.text(0);
    row.folder = root / row.folderName;
    row.name = s.text(2);
    row.status = s.text(3);
    row.error = s.text(4);
    row.regime = s.text(5);
    row.augmented = s.integer(6) != 0;
    row.backbone = s.text(7);
    row.weights = s.text(8);
    row.preprocessing = s.text(9);
    row.frozen = s.text(10);
    try {
        row.classes = nlohmann::json::parse(s.text(11)).get<std::vector<std::string>>();
    } catch (const std::exception&) {
        row.classes.clear();
    }
    row.trainImages = s.integer(12);
    row.validationImages = s.integer(13);
    row.testImages = s.integer(14);
    row.totalParameters = s.integer(15);
    row.trainableParameters = s.integer(16);
    row.epochsPlanned = static_cast<int>(s.integer(17));
    row.epochsCompleted = static_cast<int>(s.integer(18));
    row.bestEpoch = static_cast<int>(s.integer(19));
    row.bestValidationAccuracy = s.optionalReal(20);
    row.bestValidationLoss = s.optionalReal(21);
    row.lastValidationAccuracy = s.optionalReal(22);
    row.testAccuracy = s.optionalReal(23);
    row.seconds = s.real(24);
    row.startedAt = s.text(25);
    row.endedEarly = s.integer(26) != 0;
    row.hasCheckpoint = s.integer(27) != 0;
    return row;
}

void bindRow(SqliteStatement& s, const IndexedRun& row, const std::string& signature) {
    s.bind(1, row.folderName).bind(2, signature).bind(3, row.name).bind(4, row.status).bind(5, row.error);
    s.bind(6, row.regime).bind(7, row.augmented ? 1 : 0).bind(8, row.backbone).bind(9, row.weights);
    s.bind(10, row.preprocessing).bind(11, row.frozen).bind(12, nlohmann::json(row.classes).dump());
    s.bind(13, row.trainImages).bind(14, row.validationImages).bind(15, row.testImages);
    s.bind(16, row.totalParameters).bind(17, row.trainableParameters);
    s.bind(18, row.epochsPlanned).bind(19, row.epochsCompleted).bind(20, row.bestEpoch);
    s.bind(21, row.bestValidationAccuracy).bind(22, row.bestValidationLoss);
    s.bind(23, row.lastValidationAccuracy).bind(24, row.testAccuracy).bind(25, row.seconds);
    s.bind(26, row.startedAt).bind(27, row.endedEarly ? 1 : 0).bind(28, row.hasCheckpoint ? 1 : 0);
}

bool newerFirst(const IndexedRun& a, const IndexedRun& b) {
    // ISO 8601 UTC times sort as text; folder names start with the same time as a tie-break.
    if (a.startedAt != b.startedAt) return a.startedAt > b.startedAt;
    return a.folderName > b.folderName;
}

}  // namespace

RunIndex::RunIndex(const std::filesystem::path& runsRoot) : root_(runsRoot) {
    open();
}

RunIndex::~RunIndex() = default;

std::filesystem::path RunIndex::databaseFile() const {
    return database_ && !database_->file().empty() ? database_->file() : std::filesystem::path{};
}

void RunIndex::open() {
    const auto file = root_ / kFileName;
    std::error_code missing;
    if (!std::filesystem::is_directory(root_, missing)) {
        database_ = std::make_unique<SqliteDatabase>(std::filesystem::path{});
        createSchema();
        return;
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            database_ = std::make_unique<SqliteDatabase>(file);
            // journal_mode answers the mode it got: "wal", or "delete" where WAL cannot work.
            database_->queryText("PRAGMA journal_mode=WAL");
            const auto check = database_->queryText("PRAGMA quick_check");
            if (check != "ok") throw SqliteError(file.string() + ": " + check, 11 /* SQLITE_CORRUPT */);
            createSchema();
            return;
        } catch (const SqliteError& error) {
            database_.reset();
            if (error.damaged() && attempt == 0) {
                moveDamagedFileAside(error.what());
                continue;
            }
            notice_ =
                std::string("the runs database cannot be used (") + error.what() + "); the run list is kept in memory";
            break;
        }
    }
    database_ = std::make_unique<SqliteDatabase>(std::filesystem::path{});
    createSchema();
}

void RunIndex::createSchema() {
    if (database_->queryInteger("PRAGMA user_version") != kSchemaVersion) {
        database_->execute("DROP TABLE IF EXISTS runs");
    }
    database_->execute(
        "CREATE TABLE IF NOT EXISTS runs ("
        " folder TEXT PRIMARY KEY, signature TEXT NOT NULL, name TEXT, status TEXT, error TEXT,"
        " regime TEXT, augmented INTEGER, backbone TEXT, weights TEXT, preprocessing TEXT, frozen TEXT,"
        " classes TEXT, train_images INTEGER, validation_images INTEGER, test_images INTEGER,"
        " total_parameters INTEGER, trainable_parameters INTEGER, epochs_planned INTEGER,"
        " epochs_completed INTEGER, best_epoch INTEGER, best_validation_accuracy REAL,"
        " best_validation_loss REAL, last_validation_accuracy REAL, test_accuracy REAL, seconds REAL,"
        " started_at TEXT, ended_early INTEGER, has_checkpoint INTEGER);"
        "PRAGMA user_version = " +
        std::to_string(kSchemaVersion));
}

void RunIndex::moveDamagedFileAside(const std::string& reason) {
    const auto file = root_ / kFileName;
    const auto aside = root_ / (std::string(kFileName) + ".damaged-" + formatUtcNow("%Y%m%d-%H%M%S"));
    std::error_code error;
    std::filesystem::rename(file, aside, error);
    // The journal files belong to the damaged file: a new database must not replay them.
    for (const char* suffix : {"-wal", "-shm"}) {
        std::error_code ignored;
        std::filesystem::remove(root_ / (std::string(kFileName) + suffix), ignored);
    }
    notice_ =
        "the runs database was damaged (" + reason + "); " +
        (error ? "it could not be moved aside: " + error.message() : "it was moved to " + aside.filename().string()) +
        " and rebuilt from the run folders";
}

std::vector<IndexedRun> RunIndex::refresh() {
    std::map<std::string, std::pair<std::string, IndexedRun>> known;  // folder -> (signature, row)
    try {
        SqliteStatement select(*database_, std::string("SELECT ") + kColumns + " FROM runs");
        while (select.step()) {
            auto row = rowFromStatement(select, root_);
            const auto name = row.folderName;  // not in the assignment: its right side (the move) runs first
            known[name] = {select.text(1), std::move(row)};
        }
    } catch (const SqliteError& error) {
        notice_ = std::string("the runs database cannot be read (") + error.what() + "); the folders were read";
    }

    std::vector<IndexedRun> runs;
    std::vector<IndexedRun> changed;
    std::vector<std::string> signatures;
    std::error_code error;
    if (std::filesystem::is_directory(root_, error)) {
        for (const auto& item : std::filesystem::directory_iterator(root_, error)) {
            std::error_code itemError;
            if (!item.is_directory(itemError)) continue;
            std::optional<RunFolder> run;
            try {
                run = RunFolder::open(item.path());
            } catch (const std::exception&) {
                continue;  // not a run folder
            }
            const auto signature = signatureOf(*run);
            const auto name = item.path().filename().string();
            auto found = known.find(name);
            IndexedRun row;
            if (found != known.end() && found->second.first == signature) {
                row = std::move(found->second.second);
            } else {
                row = readFolder(*run);
                changed.push_back(row);
                signatures.push_back(signature);
            }
            if (found != known.end()) known.erase(found);
            recheckInterrupted(row);
            runs.push_back(std::move(row));
        }
    }
    std::vector<std::string> gone;
    for (const auto& [name, entry] : known) gone.push_back(name);
    if (!changed.empty() || !gone.empty()) writeRows(changed, signatures, gone);
    std::sort(runs.begin(), runs.end(), newerFirst);
    return runs;
}

void RunIndex::writeRows(const std::vector<IndexedRun>& changed, const std::vector<std::string>& signatures,
                         const std::vector<std::string>& gone) {
    try {
        database_->execute("BEGIN IMMEDIATE");
        try {
            SqliteStatement upsert(*database_,
                                   std::string("INSERT OR REPLACE INTO runs (") + kColumns +
                                       ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            for (std::size_t i = 0; i < changed.size(); ++i) {
                bindRow(upsert, changed[i], signatures[i]);
                upsert.step();
                upsert.reset();
            }
            SqliteStatement remove(*database_, "DELETE FROM runs WHERE folder = ?");
            for (const auto& name : gone) {
                remove.bind(1, name);
                remove.step();
                remove.reset();
            }
            database_->execute("COMMIT");
        } catch (...) {
            database_->execute("ROLLBACK");
            throw;
        }
    } catch (const SqliteError& error) {
        notice_ = std::string("the runs database was not updated (") + error.what() + ")";
    }
}

IndexedRun RunIndex::find(const std::string& key) {
    const auto runs = refresh();
    std::error_code error;
    const std::filesystem::path asPath(key);
    if (std::filesystem::is_directory(asPath, error)) {
        const auto canonical = std::filesystem::weakly_canonical(asPath, error);
        for (const auto& run : runs) {
            std::error_code ignored;
            if (std::filesystem::weakly_canonical(run.folder, ignored) == canonical) return run;
        }
        return readFolder(RunFolder::open(asPath));  // a run folder outside this root
    }
    std::vector<const IndexedRun*> matches;
    for (const auto& run : runs) {
        if (run.folderName == key) return run;
        if (run.folderName.find(key) != std::string::npos) matches.push_back(&run);
    }
    if (matches.size() == 1) return *matches.front();
    if (matches.empty()) {
        std::vector<std::string> names;
        for (const auto& run : runs) names.push_back(run.folderName);
        const auto close = closestMatch(key, names, key.size() / 3 + 2);
        throw Error("no run '" + key + "' in " + root_.string() +
                    (close.empty() ? std::string(runs.empty() ? " (it holds no runs)" : "")
                                   : " (did you mean " + close + "?)"));
    }
    std::vector<std::string> names;
    for (const auto* run : matches) names.push_back(run->folderName);
    throw Error("'" + key + "' matches " + std::to_string(matches.size()) + " runs in " + root_.string() + ": " +
                commaList(names) + "; give more of the folder name");
}

}  // namespace tl
