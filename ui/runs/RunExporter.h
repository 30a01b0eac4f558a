#pragma once
#include <QObject>
#include <QString>
#include <memory>

#include "ui/common/LatestJob.h"

class QMenu;
class QWidget;

namespace tl::ui {

/// What leaves Transfer Lab with a run: its HTML report (with the test split evaluated), its model
/// as TorchScript, its metrics as CSV. Reports and models are written on a pool thread, one export
/// at a time; each ends in finished(). The Runs tab's Export button and context menu use it. GUI
/// thread only.
class RunExporter : public QObject {
    Q_OBJECT
public:
    /// `dialogParent` owns the file dialogs the menu's entries open.
    explicit RunExporter(QWidget* dialogParent);
    /// Asks a report's evaluation to stop and waits for the export in flight.
    ~RunExporter() override;

    /// The report, model and metrics entries for `folder` ("": disabled), each asking for a file.
    void addActions(QMenu* menu, const QString& folder);

    /// Evaluates the run on its test split (when it has a model) and writes its report to `file`.
    void exportReport(const QString& folder, const QString& file);
    /// Writes the run's model (best checkpoint) as TorchScript to `file`.
    void exportModel(const QString& folder, const QString& file);
    /// Copies the run's metrics.csv to `file` (at once: a small file).
    void exportMetrics(const QString& folder, const QString& file);
    bool isBusy() const { return job_.isBusy(); }

Q_SIGNALS:
    /// An export began: what is being written, for the panel's message.
    void started(const QString& text);
    /// An export ended: `text` says what was written, or `error` why nothing was.
    void finished(const QString& file, const QString& text, const QString& error);

private:
    struct Outcome {
        QString file;
        QString text;
        QString error;
    };
    /// False (and finished() says why) while another export is being written.
    bool begin(const QString& file, const QString& text);
    QString askForFile(const QString& folder, const QString& title, const QString& suffix, const QString& filter);

    QWidget* dialogParent_;
    LatestJob<std::shared_ptr<Outcome>> job_;
};

}  // namespace tl::ui
