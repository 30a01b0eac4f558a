#pragma once
#include <QWidget>
#include <memory>

#include "core/training/Experiment.h"

class QGroupBox;
class QLabel;
class QProgressBar;
class QTableView;

namespace tl::ui {

class DataSourceBar;
class DatasetScanRunner;
class InlineMessage;
class SkippedFilesModel;
class SplitControls;
class SplitTableModel;
class ThumbnailBrowser;

/// The Data panel: the dataset folder and layout, the split counts and seed, the classes with
/// their counts per split, a thumbnail grid, and the files a scan skipped.
///
/// Scans (core's scanDataset, seconds over 25,000 files) run off the GUI thread; a newer one
/// supersedes an older one. Splits (core's makeSplit) are cheap and recomputed at once on every
/// change of counts or seed. Problems (missing folder, too few images) appear inline, never as
/// dialogs. GUI thread only.
class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(QWidget* parent = nullptr);
    ~DataPanel() override;

    /// Shows `spec`; rescans in the background when the folder or layout differ from the last
    /// request (or nothing was scanned yet), re-splits otherwise. Emits no dataSpecChanged().
    void setDataSpec(const tl::DataSpec& spec);
    /// A dataset folder the user opened (File > Open, a drop, a recent folder): its layout is
    /// detected and, once scanned, split counts suited to what it holds are proposed
    /// (proposeSplitCounts). Emits dataSpecChanged() now and again with the counts.
    void openFolder(const std::filesystem::path& root);
    /// Folder, layout, per-class counts and seed as the user set them. The split file of a spec
    /// given to setDataSpec() is kept until the user changes the folder, layout, counts or seed.
    tl::DataSpec dataSpec() const;
    /// The last finished scan, or nullptr (none yet, or it failed).
    const tl::Dataset* dataset() const;
    /// The split of the current counts and seed, or nullptr (no dataset, or too few images).
    const tl::SplitSet* split() const;
    /// Whether a scan is running.
    bool isScanning() const;
    /// Scans the current folder again (its files changed); the result comes as datasetScanned().
    void rescan();

Q_SIGNALS:
    /// The user changed the folder, layout, counts or seed.
    void dataSpecChanged();
    /// A scan finished (success or error).
    void datasetScanned();

protected:
    // A folder dropped from a file manager opens like "Open folder…".
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildLayout();
    void startScan();
    void onScanFinished(const std::shared_ptr<const tl::Dataset>& dataset, const QString& error);
    void onFolderOrLayoutChosen();
    void onSplitControlsChanged();
    void resplit();
    void showContents();
    void updateSplitFileNote();

    DataSourceBar* source_;
    InlineMessage* message_;
    InlineMessage* splitFileNote_;
    QWidget* busyRow_;
    QLabel* busyLabel_;
    QProgressBar* busyBar_;
    SplitControls* splitControls_;
    QLabel* summary_;
    QTableView* splitTable_;
    SplitTableModel* splitModel_;
    QGroupBox* skippedGroup_;
    QTableView* skippedTable_;
    SkippedFilesModel* skippedModel_;
    ThumbnailBrowser* browser_;
    DatasetScanRunner* scanner_;

    DataSpec spec_;
    bool scanRequested_ = false;  // a scan of spec_.root / spec_.layout was asked for
    bool proposeCounts_ = false;  // the next finished scan of spec_.root sets the counts
    DataSpec requested_;          // root and layout of the newest scan request
    std::shared_ptr<const Dataset> dataset_;
    std::shared_ptr<const SplitSet> split_;
    QString scanError_;
    QString splitError_;
};

}  // namespace tl::ui
