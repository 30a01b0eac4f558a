#pragma once
#include <QStringList>
#include <QWidget>
#include <filesystem>
#include <memory>
#include <vector>

#include "core/runs/IndexedRun.h"
#include "core/training/TrainingMetrics.h"
#include "ui/common/LatestJob.h"

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QTableView;

namespace tl::ui {

class InlineMessage;
class MetricChart;
class RunTableModel;

/// "6 · Runs": every run in the runs folder, from its runs database (RunIndex): regime, backbone,
/// weights, frozen layers, epochs, best validation and test accuracy beside the lecture's figure,
/// time and status. Select several runs to overlay their validation curves; double-click one to
/// show its curves in the Train tab. The database is refreshed on a pool thread (RunIndex reads
/// only the folders that changed). GUI thread only.
class RunsPanel : public QWidget {
    Q_OBJECT
public:
    /// Runs overlaid at most: more curves than this are a tangle.
    static constexpr int kOverlayLimit = 8;

    explicit RunsPanel(QWidget* parent = nullptr);
    /// Waits for a refresh in flight.
    ~RunsPanel() override;
    RunsPanel(const RunsPanel&) = delete;
    RunsPanel& operator=(const RunsPanel&) = delete;

    /// Lists the runs under `root` (refreshes when it changes).
    void setRunsRoot(const std::filesystem::path& root);
    const std::filesystem::path& runsRoot() const { return root_; }
    /// Re-reads the runs database off the GUI thread; the selection is kept.
    void refresh();
    bool isBusy() const { return listJob_.isBusy() || curveJob_.isBusy() || exportJob_.isBusy(); }

    /// The selected runs' folders, in table order.
    QStringList selectedFolders() const;
    /// Selects the runs in `folders` (those listed).
    void selectFolders(const QStringList& folders);

    RunTableModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    MetricChart* accuracyChart() const { return accuracy_; }
    MetricChart* lossChart() const { return loss_; }
    QAction* refreshAction() const { return refreshAction_; }
    /// "12 runs in /home/…/runs", or the database's notice.
    QString statusText() const;

    /// Writes the run's model (best checkpoint) as TorchScript to `file`, off the GUI thread;
    /// exported() or the panel's message tells how it went.
    void exportModel(const QString& folder, const QString& file);
    /// Evaluates the run on its test split (when it has a model) and writes its HTML report to
    /// `file`, off the GUI thread; exported() tells how it went.
    void exportReport(const QString& folder, const QString& file);
    /// Copies the run's metrics.csv to `file`.
    void exportMetrics(const QString& folder, const QString& file);
    /// The panel's message band (what an export said).
    InlineMessage* message() const { return message_; }

Q_SIGNALS:
    /// A refresh ended and the table shows it.
    void refreshed();
    /// The overlay charts show the current selection.
    void curvesShown();
    /// Double-click or Enter on a run: show its curves (the window's Open Run).
    void openRunRequested(const QString& folder);
    void evaluateRequested(const QString& folder);
    void predictRequested(const QString& folder);
    /// "Resume This Run" on a stopped, failed or interrupted run: go on from its last epoch.
    void resumeRequested(const QString& folder);
    /// An export ended: `error` is empty when `file` was written.
    void exported(const QString& file, const QString& error);

private:
    struct Listing {
        std::vector<tl::IndexedRun> runs;
        QString notice;
        QString error;
    };
    struct Curves {
        QStringList folders;
        std::vector<std::vector<tl::EpochMetrics>> epochs;
    };

    void showListing(const std::shared_ptr<Listing>& listing);
    void loadCurves();
    void showCurves(const std::shared_ptr<Curves>& curves);
    void showContextMenu(const QPoint& position);
    QString currentFolder() const;
    void revealFolder(const QString& folder);
    /// Asks where to save, then exports (the context menu's Export entries).
    void chooseModelExport(const QString& folder);
    void chooseReportExport(const QString& folder);
    /// The report, model and metrics exports of `folder` ("": disabled) into `menu`.
    void addExportActions(QMenu* menu, const QString& folder);
    void chooseMetricsExport(const QString& folder);

    std::filesystem::path root_;
    RunTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QLineEdit* filter_;
    QLabel* summary_;
    InlineMessage* message_;
    MetricChart* accuracy_;
    MetricChart* loss_;
    QAction* refreshAction_;
    QString statusText_;
    LatestJob<std::shared_ptr<Listing>> listJob_;
    LatestJob<std::shared_ptr<Curves>> curveJob_;
    struct Export {
        QString file;
        QString text;  ///< what the module takes and gives, for the message
        QString error;
    };
    LatestJob<std::shared_ptr<Export>> exportJob_;
};

}  // namespace tl::ui
