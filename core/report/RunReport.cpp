#include "core/report/RunReport.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/data/ImageDecoder.h"
#include "core/data/ImageWriter.h"
#include "core/evaluation/ClassificationReport.h"
#include "core/evaluation/RocCurve.h"
#include "core/models/FreezePlan.h"
#include "core/report/HtmlText.h"
#include "core/report/SvgLineChart.h"
#include "core/runs/RunFolder.h"
#include "core/runs/WeightsLineage.h"
#include "core/training/ExperimentFile.h"
#include "core/training/Regime.h"
#include "core/util/AtomicFile.h"
#include "core/util/Clock.h"
#include "core/util/NumberText.h"
#include "core/util/TextList.h"
#include "core/util/Version.h"

namespace tl {
namespace {

constexpr std::size_t kWrongShown = 12;
constexpr int kThumbnail = 128;

constexpr const char* kStyle = R"(
body { font-family: sans-serif; max-width: 980px; margin: 2em auto; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.muted { color: #777; } table { border-collapse: collapse; margin: 0.5em 0 1em; }
td, th { border: 1px solid #ddd; padding: 4px 10px; text-align: left; } th { background: #f4f4f4; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.gallery { display: flex; flex-wrap: wrap; gap: 12px; } .gallery figure { margin: 0; width: 140px; font-size: 0.8em; }
.gallery img { width: 128px; height: 128px; object-fit: cover; border: 2px solid #c33; }
.status-failed, .status-stopped { color: #b02020; font-weight: bold; }
)";

std::string fixed(double value, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

void row(std::ostringstream& out, const std::string& label, const std::string& value) {
    out << "<tr><th>" << htmlEscaped(label) << "</th><td>" << htmlEscaped(value) << "</td></tr>\n";
}

void writeExperiment(std::ostringstream& out, const Experiment& e, const RunSummary* summary) {
    const auto regime = e.training.regime;
    out << "<h2>What ran</h2>\n<table>\n";
    row(out, "regime", std::string(toString(regime)) + (augments(regime, e.training.augment) ? ", augmented" : ""));
    row(out, "backbone",
        e.model.backbone + " at " + std::to_string(e.model.input.width) + "x" + std::to_string(e.model.input.height));
    row(out, "weights",
        originalWeights(e) +
            (e.training.initFromRun.empty() ? "" : ", through the run " + e.training.initFromRun.filename().string()));
    if (summary && !summary->preprocessing.empty()) row(out, "preprocessing", summary->preprocessing);
    row(out, "frozen", describeFreezePlan(freezesBase(regime) ? FreezePlan::frozenBase() : e.freeze));
    row(out, "optimizer",
        std::string(toString(e.training.optimizer.kind)) + ", learning rate " +
            fixed(e.training.optimizer.learningRate, 6));
    row(out, "epochs, batch size", std::to_string(e.training.epochs) + ", " + std::to_string(e.training.batchSize));
    if (summary) {
        row(out, "classes", commaList(summary->classes));
        row(out, "images",
            std::to_string(summary->trainImages) + " train, " + std::to_string(summary->validationImages) +
                " validation, " + std::to_string(summary->testImages) + " test");
        row(out, "parameters",
            std::to_string(summary->totalParameters) + " in all, " + std::to_string(summary->trainableParameters) +
                " trainable");
    }
    out << "</table>\n";
}

void writeOutcome(std::ostringstream& out, const RunSummary& summary) {
    out << "<h2>How it went</h2>\n<table>\n";
    out << "<tr><th>status</th><td class=\"status-" << toString(summary.status) << "\">"
        << htmlEscaped(std::string(toString(summary.status)) + (summary.endedEarly ? " (early stop)" : "") +
                       (summary.error.empty() ? "" : ": " + summary.error))
        << "</td></tr>\n";
    row(out, "epochs", std::to_string(summary.epochsCompleted) + " of " + std::to_string(summary.epochsPlanned));
    if (summary.best.epoch > 0 && summary.validationImages > 0) {
        row(out, "best epoch",
            std::to_string(summary.best.epoch) + ": validation accuracy " +
                percentText(summary.best.validationAccuracy) + ", loss " + fixed(summary.best.validationLoss, 4));
        row(out, "last epoch",
            std::to_string(summary.last.epoch) + ": validation accuracy " +
                percentText(summary.last.validationAccuracy) + ", loss " + fixed(summary.last.validationLoss, 4));
    }
    row(out, "time", durationText(summary.seconds) + ", started " + summary.startedAt);
    out << "</table>\n";
}

void writeCurves(std::ostringstream& out, const std::vector<EpochMetrics>& epochs) {
    if (epochs.empty()) return;
    std::vector<double> x, trainLoss, validationLoss, trainAccuracy, validationAccuracy;
    for (const auto& e : epochs) {
        x.push_back(e.epoch);
        trainLoss.push_back(e.trainLoss);
        validationLoss.push_back(e.validationLoss);
        trainAccuracy.push_back(e.trainAccuracy);
        validationAccuracy.push_back(e.validationAccuracy);
    }
    SvgLineChart loss("Loss", "epoch");
    loss.addSeries("training", "#1f77b4", x, trainLoss);
    loss.addSeries("validation", "#ff7f0e", x, validationLoss);
    SvgLineChart accuracy("Accuracy", "epoch");
    accuracy.addSeries("training", "#1f77b4", x, trainAccuracy);
    accuracy.addSeries("validation", "#ff7f0e", x, validationAccuracy);
    out << "<h2>Curves</h2>\n<div class=\"charts\">\n" << loss.svg() << accuracy.svg() << "</div>\n";
    out << "<details><summary>Every epoch</summary>\n<table>\n<tr><th>epoch</th><th>train loss</th><th>train "
           "acc.</th><th>val. loss</th><th>val. acc.</th><th>seconds</th></tr>\n";
    for (const auto& e : epochs) {
        out << "<tr><td class=\"number\">" << e.epoch << "</td><td class=\"number\">" << fixed(e.trainLoss, 4)
            << "</td><td class=\"number\">" << percentText(e.trainAccuracy) << "</td><td class=\"number\">"
            << fixed(e.validationLoss, 4) << "</td><td class=\"number\">" << percentText(e.validationAccuracy)
            << "</td><td class=\"number\">" << fixed(e.seconds, 1) << "</td></tr>\n";
    }
    out << "</table>\n</details>\n";
}

void writeEvaluation(std::ostringstream& out, const Evaluation& evaluation, const RunFolder& run) {
    const auto split = std::string(toString(evaluation.split));
    out << "<h2>Evaluation on the " << split << " split</h2>\n<p>" << evaluation.images << " images: accuracy <b>"
        << percentText(evaluation.accuracy) << "</b>, loss " << fixed(evaluation.loss, 4) << " ("
        << htmlEscaped(run.describeCheckpoint(evaluation.checkpoint)) << ")";
    if (evaluation.classes.size() == 2) {
        const auto roc = RocCurve::of(evaluation.outcomes);
        if (roc.defined) {
            out << ", ROC AUC " << fixed(roc.auc, 4) << " (" << htmlEscaped(evaluation.classes[1]) << " as positive)";
        }
    }
    out << ".</p>\n";
    const auto report = ClassificationReport::of(evaluation.confusion);
    out << "<table>\n<tr><th></th><th>precision</th><th>recall</th><th>F1</th><th>images</th></tr>\n";
    auto scores = [&](const std::string& name, const ClassScores& s) {
        out << "<tr><th>" << htmlEscaped(name) << "</th><td class=\"number\">" << fixed(s.precision, 3)
            << "</td><td class=\"number\">" << fixed(s.recall, 3) << "</td><td class=\"number\">" << fixed(s.f1, 3)
            << "</td><td class=\"number\">" << s.support << "</td></tr>\n";
    };
    for (std::size_t c = 0; c < evaluation.classes.size(); ++c) scores(evaluation.classes[c], report.perClass[c]);
    scores("macro mean", report.macro);
    out << "</table>\n";

    // The confusion matrix, each cell shaded by its share of its row (the recall of that pair).
    out << "<p class=\"muted\">Confusion matrix: rows are the actual classes, columns the predicted ones.</p>\n"
           "<table>\n<tr><th></th>";
    for (const auto& name : evaluation.classes) out << "<th>" << htmlEscaped(name) << "</th>";
    out << "</tr>\n";
    for (std::size_t a = 0; a < evaluation.confusion.size(); ++a) {
        std::size_t total = 0;
        for (auto count : evaluation.confusion[a]) total += count;
        out << "<tr><th>" << htmlEscaped(evaluation.classes[a]) << "</th>";
        for (std::size_t p = 0; p < evaluation.confusion[a].size(); ++p) {
            const auto count = evaluation.confusion[a][p];
            const double share = total == 0 ? 0 : static_cast<double>(count) / static_cast<double>(total);
            const char* hue = a == p ? "46,139,87" : "200,50,50";
            out << "<td class=\"number\" style=\"background: rgba(" << hue << "," << fixed(0.1 + 0.6 * share, 2)
                << ")\">" << count << "</td>";
        }
        out << "</tr>\n";
    }
    out << "</table>\n";

    const auto wrong = mostConfidentlyWrong(evaluation.outcomes);
    if (wrong.empty()) return;
    out << "<h3>Most confidently wrong (" << wrong.size() << " wrong in all)</h3>\n<div class=\"gallery\">\n";
    const ImageDecoder decoder({kThumbnail, kThumbnail});
    for (std::size_t i = 0; i < std::min(kWrongShown, wrong.size()); ++i) {
        const auto& w = wrong[i];
        out << "<figure>";
        try {
            const auto jpeg = base64(encodeImage(decoder.decode(w.file), ".jpg"));
            out << "<img alt=\"" << htmlEscaped(w.file.filename().string()) << "\" src=\"data:image/jpeg;base64,"
                << jpeg << "\">";
        } catch (const std::exception&) {
            out << "<div class=\"muted\">(image unreadable now)</div>";
        }
        out << "<figcaption>" << htmlEscaped(w.file.filename().string()) << "<br>"
            << htmlEscaped(evaluation.classes[static_cast<std::size_t>(w.actual)]) << " taken for "
            << htmlEscaped(evaluation.classes[static_cast<std::size_t>(w.predicted)]) << " ("
            << percentText(w.confidence()) << ")</figcaption></figure>\n";
    }
    out << "</div>\n";
}

}  // namespace

void writeRunReport(const std::filesystem::path& runFolder, const std::filesystem::path& out,
                    const Evaluation* evaluation) {
    const auto run = RunFolder::open(runFolder);
    const auto experiment = loadExperiment(run.experimentFile());
    std::optional<RunSummary> summary;
    try {
        summary = run.readSummary();
    } catch (const std::exception&) {
        // a run that died before its first summary still has an experiment to show
    }
    std::vector<EpochMetrics> epochs;
    try {
        epochs = run.readMetrics();
    } catch (const std::exception&) {
    }

    std::ostringstream html;
    const auto title = summary && !summary->name.empty() ? summary->name : experiment.name;
    html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << htmlEscaped(title)
         << " · Transfer Lab</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<h1>" << htmlEscaped(title)
         << "</h1>\n<p class=\"muted\">" << htmlEscaped(run.path().string()) << "</p>\n";
    if (!experiment.description.empty()) html << "<p>" << htmlEscaped(experiment.description) << "</p>\n";
    writeExperiment(html, experiment, summary ? &*summary : nullptr);
    if (summary) writeOutcome(html, *summary);
    writeCurves(html, epochs);
    if (evaluation) writeEvaluation(html, *evaluation, run);
    html << "<details><summary>experiment.json</summary>\n<pre>" << htmlEscaped(experimentToJson(experiment))
         << "</pre>\n</details>\n<p class=\"muted\">Made by Transfer Lab " << htmlEscaped(version()) << " on "
         << htmlEscaped(formatUtcNow("%Y-%m-%d %H:%M UTC")) << ".</p>\n</body>\n</html>\n";
    writeFileAtomically(out, html.str());
}

}  // namespace tl
