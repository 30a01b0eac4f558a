#include <iomanip>
#include <sstream>

#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "core/data/DatasetScanner.h"
#include "core/data/DatasetSplitter.h"
#include "core/util/Clock.h"
#include "core/util/Error.h"

namespace tl::cli {
namespace {

using nlohmann::json;

DatasetLayout layoutOption(const ArgumentParser& parser) {
    try {
        return parseDatasetLayout(parser.get("--layout", "auto"));
    } catch (const Error& error) {
        throw UsageError(error.what());
    }
}

/// A table of image counts: one row per split, one column per class, and totals.
void writeCountTable(std::ostringstream& text, const std::vector<std::string>& classes,
                     const std::vector<std::pair<std::string, std::vector<std::size_t>>>& rows) {
    text << std::left << std::setw(12) << "split";
    for (const auto& name : classes)
        text << std::right << std::setw(std::max<int>(8, static_cast<int>(name.size()) + 2)) << name;
    text << std::right << std::setw(9) << "total"
         << "\n";
    for (const auto& [split, counts] : rows) {
        text << std::left << std::setw(12) << split;
        std::size_t total = 0;
        for (std::size_t c = 0; c < classes.size(); ++c) {
            text << std::right << std::setw(std::max<int>(8, static_cast<int>(classes[c].size()) + 2)) << counts[c];
            total += counts[c];
        }
        text << std::right << std::setw(9) << total << "\n";
    }
}

std::vector<std::size_t> countByClass(const std::vector<Sample>& samples, std::size_t classCount) {
    std::vector<std::size_t> counts(classCount, 0);
    for (const auto& sample : samples) ++counts[static_cast<std::size_t>(sample.label)];
    return counts;
}

json countsJson(const std::vector<std::string>& classes, const std::vector<std::size_t>& counts) {
    json object = json::object();
    for (std::size_t c = 0; c < classes.size(); ++c) object[classes[c]] = counts[c];
    return object;
}

/// scanDataset() with a progress bar on a terminal while the files are checked (a Kaggle folder
/// holds 25,000 of them). Piped or JSON output stays as it was: just the result.
Dataset scanShowingProgress(const ArgumentParser& parser, Console& console) {
    ScanControl control;
    const Stopwatch stopwatch;
    if (console.terminal() && !console.json()) {
        control.progress = [&](const ScanProgress& progress) {
            console.progress("checking images", progress.checked, progress.total, stopwatch.seconds());
        };
    }
    auto dataset = scanDataset(parser.positionals()[0], layoutOption(parser), control);
    console.finishProgress();
    return dataset;
}

}  // namespace

int datasetInspectCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("dataset inspect");
    parser.positional("DIR", "the dataset folder")
        .option("--layout", "L", "auto, class-folders, split-folders or kaggle (default auto)")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;

    const auto dataset = scanShowingProgress(parser, console);
    std::vector<std::pair<std::string, std::vector<std::size_t>>> rows;
    if (dataset.predefined) {
        for (auto split : kAllSplits) {
            rows.emplace_back(std::string(toString(split)),
                              countByClass(dataset.predefined->part(split), dataset.classes.size()));
        }
    } else {
        rows.emplace_back("all", countByClass(dataset.unsplit, dataset.classes.size()));
    }
    std::ostringstream text;
    text << "Dataset " << dataset.root.string() << " (layout " << toString(dataset.layout) << ")\n";
    text << dataset.classes.size() << " classes\n";
    writeCountTable(text, dataset.classes, rows);
    json result = {{"root", dataset.root.string()},
                   {"layout", std::string(toString(dataset.layout))},
                   {"classes", dataset.classes},
                   {"counts", json::object()},
                   {"skipped", json::array()}};
    for (const auto& [split, counts] : rows) result["counts"][split] = countsJson(dataset.classes, counts);
    if (!dataset.skipped.empty()) text << "\nSkipped " << dataset.skipped.size() << " unusable file(s):\n";
    for (const auto& file : dataset.skipped) {
        text << "  " << file.path.string() << ": " << file.reason << "\n";
        result["skipped"].push_back({{"path", file.path.string()}, {"reason", file.reason}});
    }
    console.result(text.str(), result);
    return 0;
}

int datasetSplitCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("dataset split");
    parser.positional("DIR", "the dataset folder")
        .option("--out", "FILE", "split file to write (JSON lists of paths)")
        .option("--materialize", "DEST", "also lay the split out as DEST/{train,validation,test}/<class>/")
        .flag("--copy", "with --materialize: copy files instead of making symbolic links")
        .option("--train", "N", "training images per class (default 1000)")
        .option("--validation", "N", "validation images per class (default 500)")
        .option("--test", "N", "test images per class (default 500)")
        .option("--seed", "S", "seed (default 1): the same seed gives the same split")
        .option("--layout", "L", "auto, class-folders, split-folders or kaggle (default auto)")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    if (!parser.has("--out") && !parser.has("--materialize"))
        throw UsageError("'dataset split' needs --out FILE or --materialize DEST");

    SplitCounts counts;
    if (auto v = parser.getInt("--train")) counts.train = *v;
    if (auto v = parser.getInt("--validation")) counts.validation = *v;
    if (auto v = parser.getInt("--test")) counts.test = *v;
    const auto seed = parser.getSeed("--seed").value_or(1);
    const auto dataset = scanShowingProgress(parser, console);
    for (const auto& file : dataset.skipped) console.say("skipped " + file.path.string() + ": " + file.reason);
    const auto split = makeSplit(dataset, counts, seed);
    if (parser.has("--out")) saveSplitFile(split, dataset.root, parser.get("--out"));
    if (parser.has("--materialize")) {
        materializeSplit(split, parser.get("--materialize"),
                         parser.has("--copy") ? MaterializeMode::Copy : MaterializeMode::Symlink);
    }

    std::vector<std::pair<std::string, std::vector<std::size_t>>> rows;
    json result = {{"classes", split.classes}, {"seed", seed}, {"counts", json::object()}};
    for (auto part : kAllSplits) {
        rows.emplace_back(std::string(toString(part)), countByClass(split.part(part), split.classes.size()));
        result["counts"][std::string(toString(part))] = countsJson(split.classes, rows.back().second);
    }
    std::ostringstream text;
    writeCountTable(text, split.classes, rows);
    if (parser.has("--out"))
        text << "split file: " << parser.get("--out") << "\n", result["split_file"] = parser.get("--out");
    if (parser.has("--materialize"))
        text << "laid out in: " << parser.get("--materialize") << "\n",
            result["materialized"] = parser.get("--materialize");
    console.result(text.str(), result);
    return 0;
}

}  // namespace tl::cli
