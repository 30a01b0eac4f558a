#include <algorithm>
#include <cmath>
#include <sstream>

#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "cli/TextTable.h"
#include "core/runs/MetricsJson.h"
#include "core/runs/RunFolder.h"
#include "core/runs/RunIndex.h"
#include "core/util/Error.h"
#include "core/util/NumberText.h"
#include "core/util/TextList.h"

namespace tl::cli {
namespace {

using nlohmann::json;
using Align = TextTable::Align;

constexpr const char* kRunsHelp = "the runs folder (default ./runs, as train uses)";

json optionalJson(const std::optional<double>& value) {
    return value ? json(*value) : json(nullptr);
}

json runJson(const IndexedRun& run) {
    return {{"folder", run.folder.string()},
            {"key", run.folderName},
            {"name", run.name},
            {"status", run.status},
            {"error", run.error},
            {"regime", run.regime},
            {"regime_label", run.regimeLabel()},
            {"augmented", run.augmented},
            {"backbone", run.backbone},
            {"weights", run.weights},
            {"preprocessing", run.preprocessing},
            {"frozen", run.frozen},
            {"classes", run.classes},
            {"images", {{"train", run.trainImages}, {"validation", run.validationImages}, {"test", run.testImages}}},
            {"parameters", {{"total", run.totalParameters}, {"trainable", run.trainableParameters}}},
            {"epochs_planned", run.epochsPlanned},
            {"epochs_completed", run.epochsCompleted},
            {"best_epoch", run.bestEpoch},
            {"best_validation_accuracy", optionalJson(run.bestValidationAccuracy)},
            {"best_validation_loss", optionalJson(run.bestValidationLoss)},
            {"last_validation_accuracy", optionalJson(run.lastValidationAccuracy)},
            {"test_accuracy", optionalJson(run.testAccuracy)},
            {"seconds", run.seconds},
            {"started_at", run.startedAt},
            {"ended_early", run.endedEarly},
            {"has_checkpoint", run.hasCheckpoint}};
}

std::string percentOrDash(const std::optional<double>& fraction) {
    return fraction ? percentText(*fraction) : "-";
}

std::string bestText(const IndexedRun& run) {
    if (!run.bestValidationAccuracy) return "-";
    return percentText(*run.bestValidationAccuracy) + " @" + std::to_string(run.bestEpoch);
}

std::string epochsText(const IndexedRun& run) {
    return std::to_string(run.epochsCompleted) + "/" + std::to_string(run.epochsPlanned);
}

std::string statusText(const IndexedRun& run) {
    return run.status + (run.endedEarly && run.status == "completed" ? " (early stop)" : "");
}

/// "14.7M": parameter counts at a glance.
std::string countText(std::int64_t count) {
    std::ostringstream text;
    text.precision(3);
    if (count >= 1000000)
        text << static_cast<double>(count) / 1e6 << "M";
    else if (count >= 1000)
        text << static_cast<double>(count) / 1e3 << "k";
    else
        text << count;
    return text.str();
}

/// "#1", "#2": the compared runs' column names. Built by append: GCC 12 warns falsely
/// (-Wrestrict) on "#" + std::to_string().
std::string runLabel(std::size_t index) {
    std::string label("#");
    label += std::to_string(index + 1);
    return label;
}

void sayNotice(const RunIndex& index, Console& console) {
    if (!index.notice().empty()) console.say("note: " + index.notice());
}

/// The --runs folder, which must exist: a mistyped path says so instead of listing nothing.
std::filesystem::path runsRootOption(const ArgumentParser& parser) {
    const std::filesystem::path root = parser.get("--runs", "runs");
    std::error_code error;
    if (!std::filesystem::is_directory(root, error)) {
        throw Error("no runs folder " + root.string() +
                    (parser.has("--runs") ? "" : " here (train puts runs in ./runs; --runs DIR names another)"));
    }
    return root;
}

ArgumentParser& runsOptions(ArgumentParser& parser) {
    return parser.option("--runs", "DIR", kRunsHelp).flag("--json", "machine-readable output");
}

json epochsJson(const std::vector<EpochMetrics>& epochs) {
    json rows = json::array();
    for (const auto& epoch : epochs) rows.push_back(epochToJson(epoch));
    return rows;
}

/// metrics.csv of a run, or nothing when it cannot be read (a run that failed before epoch 1).
std::vector<EpochMetrics> epochsOf(const IndexedRun& run) {
    try {
        return RunFolder::open(run.folder).readMetrics();
    } catch (const std::exception&) {
        return {};
    }
}

}  // namespace

int runsListCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("runs list");
    runsOptions(parser);
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    RunIndex index(runsRootOption(parser));
    const auto runs = index.refresh();
    sayNotice(index, console);
    TextTable table({"run", "regime", "backbone", "weights", "frozen", "epochs", "best val.", "test", "time", "status"},
                    {Align::Left, Align::Left, Align::Left, Align::Left, Align::Left, Align::Right, Align::Right,
                     Align::Right, Align::Right, Align::Left});
    json rows = json::array();
    for (const auto& run : runs) {
        table.addRow({run.folderName, run.regimeLabel(), run.backbone, run.weights, run.frozen, epochsText(run),
                      bestText(run), percentOrDash(run.testAccuracy), Console::formatDuration(run.seconds),
                      statusText(run)});
        rows.push_back(runJson(run));
    }
    const std::string text =
        runs.empty()
            ? "no runs in " + index.runsRoot().string() + " yet (transferlab-cli train, lesson or demo make them)\n"
            : table.str() + std::to_string(runs.size()) + (runs.size() == 1 ? " run in " : " runs in ") +
                  index.runsRoot().string() + "\n";
    console.result(text, {{"runs_folder", index.runsRoot().string()},
                          {"database", index.databaseFile().string()},
                          {"notice", index.notice()},
                          {"runs", rows}});
    return 0;
}

int runsShowCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("runs show");
    parser.positional("RUN", "a run folder, its name under --runs, or a part of the name only it has");
    runsOptions(parser);
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    RunIndex index(runsRootOption(parser));
    const auto run = index.find(parser.positionals()[0]);
    sayNotice(index, console);
    const auto epochs = epochsOf(run);

    std::ostringstream text;
    auto field = [&](const std::string& label, const std::string& value) {
        text << "  " << label << std::string(label.size() < 12 ? 12 - label.size() : 1, ' ') << value << "\n";
    };
    text << run.folder.string() << "\n";
    field("name", run.name);
    field("status", statusText(run) + (run.error.empty() ? "" : ": " + run.error));
    field("regime", run.regimeLabel());
    field("backbone", run.backbone + ", weights " + run.weights +
                          (run.preprocessing.empty() ? "" : ", preprocessing " + run.preprocessing));
    field("frozen", run.frozen);
    field("classes", commaList(run.classes));
    field("images", std::to_string(run.trainImages) + " train, " + std::to_string(run.validationImages) +
                        " validation, " + std::to_string(run.testImages) + " test");
    field("parameters",
          countText(run.totalParameters) + " in all, " + countText(run.trainableParameters) + " trainable");
    field("epochs", std::to_string(run.epochsCompleted) + " of " + std::to_string(run.epochsPlanned));
    if (run.bestValidationAccuracy) {
        std::ostringstream best;
        best.precision(4);
        best << "epoch " << run.bestEpoch << ": validation accuracy " << percentText(*run.bestValidationAccuracy)
             << ", loss " << run.bestValidationLoss.value_or(NAN);
        field("best", best.str());
    }
    field("test", run.testAccuracy ? percentText(*run.testAccuracy) + " (the last evaluate --split test)"
                                   : "not evaluated (transferlab-cli evaluate " + run.folderName + ")");
    field("time", Console::formatDuration(run.seconds) + ", started " + run.startedAt);
    if (!epochs.empty()) {
        TextTable table({"epoch", "train loss", "train acc.", "val. loss", "val. acc.", "seconds", ""},
                        std::vector<Align>(6, Align::Right));
        for (const auto& epoch : epochs) {
            auto number = [](double value, int digits) {
                std::ostringstream out;
                out.setf(std::ios::fixed);
                out.precision(digits);
                out << value;
                return out.str();
            };
            table.addRow({std::to_string(epoch.epoch), number(epoch.trainLoss, 4), percentText(epoch.trainAccuracy),
                          number(epoch.validationLoss, 4), percentText(epoch.validationAccuracy),
                          number(epoch.seconds, 1), epoch.epoch == run.bestEpoch ? "best" : ""});
        }
        text << "\n" << table.str(2);
    }
    auto result = runJson(run);
    result["epochs"] = epochsJson(epochs);
    console.result(text.str(), result);
    return 0;
}

int runsCompareCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("runs compare");
    parser.positional("RUN", "two or more runs: folders, names under --runs, or parts of names", true);
    runsOptions(parser);
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    if (parser.positionals().size() < 2) throw UsageError("runs compare needs two runs or more");
    RunIndex index(runsRootOption(parser));
    std::vector<IndexedRun> runs;
    for (const auto& key : parser.positionals()) runs.push_back(index.find(key));
    sayNotice(index, console);

    std::vector<std::string> headers{""};
    for (std::size_t i = 0; i < runs.size(); ++i) headers.push_back(runLabel(i));
    TextTable fields(headers);
    auto row = [&](const std::string& label, auto value) {
        std::vector<std::string> cells{label};
        for (const auto& run : runs) cells.push_back(value(run));
        fields.addRow(cells);
    };
    row("name", [](const IndexedRun& r) { return r.name; });
    row("regime", [](const IndexedRun& r) { return r.regimeLabel(); });
    row("backbone", [](const IndexedRun& r) { return r.backbone; });
    row("weights", [](const IndexedRun& r) { return r.weights; });
    row("frozen", [](const IndexedRun& r) { return r.frozen; });
    row("trainable", [](const IndexedRun& r) { return countText(r.trainableParameters); });
    row("train images", [](const IndexedRun& r) { return std::to_string(r.trainImages); });
    row("epochs", epochsText);
    row("best val.", bestText);
    row("last val.", [](const IndexedRun& r) { return percentOrDash(r.lastValidationAccuracy); });
    row("test", [](const IndexedRun& r) { return percentOrDash(r.testAccuracy); });
    row("time", [](const IndexedRun& r) { return Console::formatDuration(r.seconds); });
    row("status", statusText);

    std::ostringstream text;
    for (std::size_t i = 0; i < runs.size(); ++i) text << runLabel(i) << "  " << runs[i].folder.string() << "\n";
    text << "\n" << fields.str();

    // Validation accuracy per epoch, side by side: the curves of the window's overlay, as text.
    std::vector<std::vector<EpochMetrics>> curves;
    std::size_t longest = 0;
    for (const auto& run : runs) {
        curves.push_back(epochsOf(run));
        longest = std::max(longest, curves.back().size());
    }
    json result{{"runs", json::array()}};
    for (std::size_t i = 0; i < runs.size(); ++i) {
        auto entry = runJson(runs[i]);
        entry["epochs"] = epochsJson(curves[i]);
        result["runs"].push_back(entry);
    }
    if (longest > 0) {
        std::vector<std::string> curveHeaders{"epoch"};
        for (std::size_t i = 0; i < runs.size(); ++i) curveHeaders.push_back(runLabel(i) + " val. acc.");
        TextTable table(curveHeaders, std::vector<Align>(curveHeaders.size(), Align::Right));
        for (std::size_t e = 0; e < longest; ++e) {
            std::vector<std::string> cells{std::to_string(e + 1)};
            for (const auto& curve : curves) {
                cells.push_back(e < curve.size() ? percentText(curve[e].validationAccuracy) : "");
            }
            table.addRow(cells);
        }
        text << "\n" << table.str();
    }
    console.result(text.str(), result);
    return 0;
}

}  // namespace tl::cli
