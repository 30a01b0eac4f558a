#include "core/runs/RunFolder.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/runs/MetricsJson.h"
#include "core/util/AtomicFile.h"
#include "core/util/Clock.h"
#include "core/util/Error.h"
#include "core/util/JsonReader.h"

namespace tl {
namespace {

using nlohmann::json;

std::string safeName(const std::string& name) {
    std::string out;
    for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '-';
    return out.empty() ? "run" : out;
}

EpochMetrics epochFromJson(const JsonReader& reader) {
    EpochMetrics e;
    reader.read("epoch", e.epoch);
    reader.read("train_loss", e.trainLoss);
    reader.read("train_accuracy", e.trainAccuracy);
    reader.read("validation_loss", e.validationLoss);
    reader.read("validation_accuracy", e.validationAccuracy);
    reader.read("seconds", e.seconds);
    return e;
}

}  // namespace

RunFolder RunFolder::create(const std::filesystem::path& runsRoot, const std::string& name) {
    const auto base = formatUtcNow("%Y%m%d-%H%M%S") + "-" + safeName(name);
    std::error_code error;
    std::filesystem::create_directories(runsRoot, error);
    if (error) throw Error("cannot create runs folder " + runsRoot.string() + ": " + error.message());
    for (int attempt = 1; attempt < 1000; ++attempt) {
        auto candidate = runsRoot / (attempt == 1 ? base : base + "-" + std::to_string(attempt));
        // create_directory returns false when it exists: another run got that name first
        if (std::filesystem::create_directory(candidate, error)) return RunFolder(candidate);
        if (error) throw Error("cannot create run folder " + candidate.string() + ": " + error.message());
    }
    throw Error("cannot find a free run folder name under " + runsRoot.string());
}

RunFolder RunFolder::open(const std::filesystem::path& folder) {
    // "runs/x/" as a shell completes it names the run x: path() must end in its name.
    auto named = folder;
    if (!named.has_filename() && named.has_parent_path()) named = named.parent_path();
    RunFolder run(named);
    if (!std::filesystem::is_regular_file(run.experimentFile())) {
        throw Error(folder.string() + ": not a run folder (no experiment.json)");
    }
    return run;
}

void RunFolder::copyMetricsTo(const std::filesystem::path& out) const {
    std::error_code error;
    if (!std::filesystem::is_regular_file(metricsFile(), error)) {
        throw Error(metricsFile().string() + ": no metrics yet (the run ended before its first epoch)");
    }
    copyFileAtomically(metricsFile(), out);
}

void RunFolder::writeMetrics(const std::vector<EpochMetrics>& epochs) const {
    std::ostringstream csv;
    csv << "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds\n";
    csv << std::setprecision(8);
    for (const auto& e : epochs) {
        csv << e.epoch << ',' << e.trainLoss << ',' << e.trainAccuracy << ',' << e.validationLoss << ','
            << e.validationAccuracy << ',' << e.seconds << '\n';
    }
    writeFileAtomically(metricsFile(), csv.str());
}

void RunFolder::writeBatches(const std::vector<BatchMetrics>& batches) const {
    std::ostringstream csv;
    csv << "epoch,batch,loss,accuracy,elapsed_seconds\n";
    csv << std::setprecision(8);
    for (const auto& b : batches) {
        csv << b.epoch << ',' << b.batch << ',' << b.loss << ',' << b.accuracy << ',' << b.elapsedSeconds << '\n';
    }
    writeFileAtomically(batchesFile(), csv.str());
}

std::vector<EpochMetrics> RunFolder::readMetrics() const {
    std::ifstream in(metricsFile());
    if (!in) return {};
    std::vector<EpochMetrics> epochs;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        EpochMetrics e;
        char comma;
        std::istringstream row(line);
        if (row >> e.epoch >> comma >> e.trainLoss >> comma >> e.trainAccuracy >> comma >> e.validationLoss >> comma >>
            e.validationAccuracy >> comma >> e.seconds) {
            epochs.push_back(e);
        }
    }
    return epochs;
}

std::filesystem::path RunFolder::checkpointFile(CheckpointChoice choice) const {
    std::error_code error;
    if (choice == CheckpointChoice::Best && std::filesystem::is_regular_file(bestCheckpointFile(), error)) {
        return bestCheckpointFile();
    }
    return checkpointFile();
}

std::string RunFolder::describeCheckpoint(const std::filesystem::path& file) const {
    const auto name = file.filename().string();
    try {
        const auto summary = readSummary();
        std::ostringstream text;
        if (file.filename() == bestCheckpointFile().filename()) {
            text << name << " (epoch " << summary.best.epoch << " of " << summary.epochsCompleted
                 << ", the best validation accuracy " << std::fixed << std::setprecision(4)
                 << summary.best.validationAccuracy << ")";
        } else {
            text << name << " (epoch " << summary.epochsCompleted << ", the last trained)";
        }
        return text.str();
    } catch (const std::exception&) {
        return name;
    }
}

void RunFolder::writeSummary(const RunSummary& s) const {
    json document = {
        {"name", s.name},
        {"status", toString(s.status)},
        {"error", s.error},
        {"regime", s.regime},
        {"backbone", s.backbone},
        {"preprocessing", s.preprocessing},
        {"classes", s.classes},
        {"images",
         {{"train", s.trainImages},
          {"validation", s.validationImages},
          {"test", s.testImages},
          {"skipped", s.skippedFiles}}},
        {"parameters", {{"total", s.totalParameters}, {"trainable", s.trainableParameters}}},
        {"epochs_planned", s.epochsPlanned},
        {"epochs_completed", s.epochsCompleted},
        {"batches_trained", s.batchesTrained},
        {"seconds", s.seconds},
        {"last", epochToJson(s.last)},
        {"best", epochToJson(s.best)},
        {"ended_early", s.endedEarly},
        {"started_at", s.startedAt},
    };
    writeFileAtomically(summaryFile(), document.dump(2) + "\n");
}

namespace {

std::string bootId() {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(in, id);
    return id;
}

std::string hostName() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) return {};
    return name;
}

}  // namespace

void RunFolder::writeLock() const {
    const json lock = {{"pid", static_cast<long long>(getpid())}, {"host", hostName()}, {"boot_id", bootId()}};
    writeFileAtomically(lockFile(), lock.dump() + "\n");
}

void RunFolder::removeLock() const {
    std::error_code error;
    std::filesystem::remove(lockFile(), error);
}

bool RunFolder::isInterrupted(const RunSummary& summary) const {
    if (summary.status != RunStatus::Running) return false;
    try {
        const auto document = JsonReader::parseFile(lockFile());
        JsonReader lock(document, lockFile().string());
        std::string host, boot;
        std::uint64_t pid = 0;
        lock.read("host", host);
        lock.read("boot_id", boot);
        lock.read("pid", pid);
        if (host != hostName()) return false;  // another machine's run: not ours to judge
        if (boot != bootId()) return true;     // this machine rebooted since
        // Signal 0 checks that the process exists without touching it.
        return pid == 0 || (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH);
    } catch (const std::exception&) {
        return true;  // "running" without a readable lock: no process is writing it
    }
}

std::vector<BatchMetrics> RunFolder::readBatches() const {
    std::ifstream in(batchesFile());
    if (!in) return {};
    std::vector<BatchMetrics> batches;
    std::string line;
    std::getline(in, line);  // header
    int longestEpoch = 0;
    while (std::getline(in, line)) {
        BatchMetrics b;
        char comma;
        std::istringstream row(line);
        if (row >> b.epoch >> comma >> b.batch >> comma >> b.loss >> comma >> b.accuracy >> comma >> b.elapsedSeconds) {
            b.globalBatch = static_cast<int>(batches.size()) + 1;
            longestEpoch = std::max(longestEpoch, b.batch);
            batches.push_back(b);
        }
    }
    for (auto& b : batches) {
        b.batchesPerEpoch = longestEpoch;
        b.totalBatches = static_cast<int>(batches.size());
    }
    return batches;
}

void RunFolder::writeEvaluation(const std::string& split, const SplitScore& score) const {
    const json document = {
        {"split", split},         {"accuracy", score.accuracy},     {"loss", score.loss},
        {"images", score.images}, {"checkpoint", score.checkpoint}, {"evaluated_at", score.evaluatedAt}};
    writeFileAtomically(evaluationFile(split), document.dump(2) + "\n");
}

std::optional<SplitScore> RunFolder::readEvaluation(const std::string& split) const {
    std::error_code error;
    if (!std::filesystem::is_regular_file(evaluationFile(split), error)) return std::nullopt;
    try {
        const auto document = JsonReader::parseFile(evaluationFile(split));
        JsonReader top(document, evaluationFile(split).string());
        SplitScore score;
        top.read("accuracy", score.accuracy);
        top.read("loss", score.loss);
        top.read("images", score.images);
        top.read("checkpoint", score.checkpoint);
        top.read("evaluated_at", score.evaluatedAt);
        return score;
    } catch (const std::exception&) {
        return std::nullopt;  // a damaged file only loses the score, never the listing
    }
}

RunSummary RunFolder::readSummary() const {
    const auto document = JsonReader::parseFile(summaryFile());
    JsonReader top(document, summaryFile().string());
    RunSummary s;
    top.read("name", s.name);
    std::string status = toString(s.status);
    top.read("status", status);
    s.status = parseRunStatus(status);
    top.read("error", s.error);
    top.read("regime", s.regime);
    top.read("backbone", s.backbone);
    top.read("preprocessing", s.preprocessing);
    top.read("classes", s.classes);
    const auto images = top.object("images");
    images.read("train", s.trainImages);
    images.read("validation", s.validationImages);
    images.read("test", s.testImages);
    images.read("skipped", s.skippedFiles);
    std::uint64_t total = 0, trainable = 0;
    top.object("parameters").read("total", total);
    top.object("parameters").read("trainable", trainable);
    s.totalParameters = static_cast<std::int64_t>(total);
    s.trainableParameters = static_cast<std::int64_t>(trainable);
    top.read("epochs_planned", s.epochsPlanned);
    top.read("epochs_completed", s.epochsCompleted);
    top.read("batches_trained", s.batchesTrained);
    top.read("seconds", s.seconds);
    s.last = epochFromJson(top.object("last"));
    s.best = epochFromJson(top.object("best"));
    top.read("ended_early", s.endedEarly);
    top.read("started_at", s.startedAt);
    return s;
}

}  // namespace tl
