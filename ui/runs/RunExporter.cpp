#include "ui/runs/RunExporter.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <optional>

#include "core/inference/TorchScriptExport.h"
#include "core/report/RunReport.h"
#include "core/runs/RunFolder.h"
#include "ui/common/PathText.h"

namespace tl::ui {

RunExporter::RunExporter(QWidget* dialogParent)
    : QObject(dialogParent), dialogParent_(dialogParent), job_([this](const std::shared_ptr<Outcome>& outcome) {
          QApplication::restoreOverrideCursor();
          Q_EMIT finished(outcome->file, outcome->text, outcome->error);
      }) {}

RunExporter::~RunExporter() = default;

void RunExporter::addActions(QMenu* menu, const QString& folder) {
    const auto ask = [this, folder](const QString& title, const QString& suffix, const QString& filter) {
        return askForFile(folder, title, suffix, filter);
    };
    menu->addAction(tr("Export a &Report (HTML)…"), this,
                    [this, folder, ask] {
                        const auto file = ask(tr("Export a report"), QStringLiteral(".html"), tr("Web pages (*.html)"));
                        if (!file.isEmpty()) exportReport(folder, file);
                    })
        ->setToolTip(tr("One self-contained page: the experiment, its curves and its test evaluation with the "
                        "mistakes' images."));
    menu->addAction(tr("Export the &Model as TorchScript…"), this,
                    [this, folder, ask] {
                        const auto file = ask(tr("Export the model as TorchScript"), QStringLiteral(".torchscript.pt"),
                                              tr("TorchScript (*.pt)"));
                        if (!file.isEmpty()) exportModel(folder, file);
                    })
        ->setToolTip(tr("A file torch.jit.load opens in Python or C++ without Transfer Lab."));
    menu->addAction(tr("Export the Metrics as &CSV…"), this, [this, folder, ask] {
        const auto file = ask(tr("Export the metrics as CSV"), QStringLiteral("-metrics.csv"), tr("CSV files (*.csv)"));
        if (!file.isEmpty()) exportMetrics(folder, file);
    });
    for (QAction* action : menu->actions()) action->setEnabled(!folder.isEmpty());
}

QString RunExporter::askForFile(const QString& folder, const QString& title, const QString& suffix,
                                const QString& filter) {
    // Proposed inside the run folder, named after it: the export stays with what it describes.
    const auto start = QDir(folder).filePath(QFileInfo(folder).fileName() + suffix);
    return QFileDialog::getSaveFileName(dialogParent_, title, start, filter);
}

bool RunExporter::begin(const QString& file, const QString& text) {
    if (job_.isBusy()) {
        Q_EMIT finished(file, {}, tr("an export is being written: try again when it is done"));
        return false;
    }
    Q_EMIT started(text);
    QApplication::setOverrideCursor(Qt::BusyCursor);
    return true;
}

void RunExporter::exportReport(const QString& folder, const QString& file) {
    if (!begin(file, tr("Writing %1: evaluating the run on its test split…").arg(QFileInfo(file).fileName()))) return;
    job_.submit([folder, file](const std::atomic<bool>& stop) {
        auto outcome = std::make_shared<Outcome>();
        outcome->file = file;
        try {
            const auto run = tl::RunFolder::open(toPath(folder));
            std::optional<tl::Evaluation> evaluation;
            QString without = tr("the run has no model");
            if (QFileInfo(toQString(run.checkpointFile(tl::CheckpointChoice::Best))).isFile()) {
                tl::TrainingControl control;
                tl::TrainingCallbacks callbacks;
                // the exporter's destructor raises `stop`: the evaluation ends at its next batch
                callbacks.onProgress = [&stop, &control](const tl::PhaseProgress&) {
                    if (stop) control.requestStop();
                };
                try {
                    evaluation = tl::evaluateRun(run.path(), tl::SplitName::Test, callbacks, &control);
                    if (evaluation->stopped) evaluation.reset(), without = tr("the evaluation was stopped");
                } catch (const std::exception& error) {
                    // the report still shows what ran and its curves
                    without = tr("the evaluation failed: %1").arg(QString::fromStdString(error.what()));
                }
            }
            tl::writeRunReport(run.path(), toPath(file), evaluation ? &*evaluation : nullptr);
            outcome->text = evaluation ? tr("Wrote the report %1 (test accuracy %2%).")
                                             .arg(file)
                                             .arg(evaluation->accuracy * 100, 0, 'f', 1)
                                       : tr("Wrote the report %1 without an evaluation: %2.").arg(file, without);
        } catch (const std::exception& error) {
            outcome->error = QString::fromStdString(error.what());
        }
        return outcome;
    });
}

void RunExporter::exportModel(const QString& folder, const QString& file) {
    if (!begin(file, tr("Exporting %1…").arg(QFileInfo(file).fileName()))) return;
    job_.submit([folder, file](const std::atomic<bool>&) {
        auto outcome = std::make_shared<Outcome>();
        outcome->file = file;
        try {
            const auto done = tl::exportTorchScript(toPath(folder), toPath(file));
            QStringList classes;
            for (const auto& name : done.classes) classes.append(QString::fromStdString(name));
            outcome->text = tr("Exported %1: float RGB images 0..255 of %2x%3 in (%4 preprocessing is inside), "
                               "probabilities of %5 out. Load it with torch.jit.load.")
                                .arg(file)
                                .arg(done.width)
                                .arg(done.height)
                                .arg(QString::fromStdString(done.preprocessing), classes.join(QStringLiteral(", ")));
        } catch (const std::exception& error) {
            outcome->error = QString::fromStdString(error.what());
        }
        return outcome;
    });
}

void RunExporter::exportMetrics(const QString& folder, const QString& file) {
    try {
        tl::RunFolder::open(toPath(folder)).copyMetricsTo(toPath(file));
        Q_EMIT finished(file, tr("Exported the metrics to %1").arg(file), {});
    } catch (const std::exception& error) {
        Q_EMIT finished(file, {}, QString::fromStdString(error.what()));
    }
}

}  // namespace tl::ui
