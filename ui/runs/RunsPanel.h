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
class RunExporter;
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
    /// A listing, curves or an export are being worked on.
    bool isBusy() const;

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

    /// The report, model and metrics exports (the Export button and the context menu).
    RunExporter* exporter() const { return exporter_; }
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
    RunExporter* exporter_;
};

}  // namespace tl::ui
