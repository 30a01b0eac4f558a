#include "ui/runs/RunsPanel.h"

#include <QAction>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include "core/runs/RunFolder.h"
#include "core/runs/RunIndex.h"
#include "ui/charts/MetricChart.h"
#include "ui/common/InlineMessage.h"
#include "ui/common/PathText.h"
#include "ui/runs/RunExporter.h"
#include "ui/runs/RunTableModel.h"

namespace tl::ui {
namespace {

/// Distinct colours for overlaid runs, in selection order (Tableau 10).
QColor overlayColour(int index) {
    static const QColor colours[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                     QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                     QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f)};
    return colours[index % 8];
}

/// Filters on every column's text: "fe-aug", "vgg16", "failed" each narrow the list.
class RunFilterModel : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setText(const QString& text) {
        text_ = text.trimmed();
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        if (text_.isEmpty()) return true;
        for (int column = 0; column < sourceModel()->columnCount(); ++column) {
            const auto text = sourceModel()->index(row, column, parent).data().toString();
            if (text.contains(text_, Qt::CaseInsensitive)) return true;
        }
        return false;
    }

private:
    QString text_;
};

}  // namespace

RunsPanel::RunsPanel(QWidget* parent)
    : QWidget(parent),
      model_(new RunTableModel(this)),
      proxy_(new RunFilterModel(this)),
      table_(new QTableView),
      filter_(new QLineEdit),
      summary_(new QLabel),
      message_(new InlineMessage),
      listJob_([this](const std::shared_ptr<Listing>& listing) { showListing(listing); }),
      curveJob_([this](const std::shared_ptr<Curves>& curves) { showCurves(curves); }),
      exporter_(new RunExporter(this)) {
    setObjectName(QStringLiteral("RunsPanel"));
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(RunTableModel::kSortRole);
    table_->setObjectName(QStringLiteral("RunsTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(RunTableModel::Started, Qt::DescendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->setContextMenuPolicy(Qt::CustomContextMenu);
    table_->setToolTip(
        tr("Click a run to see its validation curves below; Ctrl+click or Shift+click to overlay "
           "several. Double-click (or Enter) shows a run's curves in the Train tab."));

    filter_->setObjectName(QStringLiteral("RunsFilter"));
    filter_->setPlaceholderText(tr("Filter runs: name, regime, backbone, status…"));
    filter_->setClearButtonEnabled(true);
    filter_->setToolTip(tr("Shows the runs with this text in any column, e.g. fe-aug, vgg16 or failed."));
    summary_->setObjectName(QStringLiteral("RunsSummary"));
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long runs path must not widen the window: the label takes what is left (the tooltip has it all).
    summary_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    refreshAction_ = new QAction(tr("&Refresh"), this);
    refreshAction_->setShortcut(QKeySequence::Refresh);
    refreshAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    refreshAction_->setToolTip(tr("Read the runs folder again (F5): runs made meanwhile by the command line appear."));
    addAction(refreshAction_);
    auto* refreshButton = new QToolButton;
    refreshButton->setDefaultAction(refreshAction_);
    auto* folderButton = new QToolButton;
    folderButton->setText(tr("F&older…"));
    folderButton->setToolTip(tr("List the runs of another runs folder (one holding run folders)."));
    connect(folderButton, &QToolButton::clicked, this, [this] {
        const auto folder = QFileDialog::getExistingDirectory(this, tr("A runs folder"), toQString(root_));
        if (!folder.isEmpty()) setRunsRoot(toPath(folder));
    });
    auto* exportButton = new QToolButton;
    exportButton->setObjectName(QStringLiteral("RunsExport"));
    exportButton->setText(tr("E&xport"));
    exportButton->setToolTip(tr("The selected run as an HTML report, its model as TorchScript, its metrics as CSV."));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(exportButton);
    exportButton->setMenu(exportMenu);
    connect(exportMenu, &QMenu::aboutToShow, this, [this, exportMenu] {
        exportMenu->clear();
        exporter_->addActions(exportMenu, currentFolder());
    });

    accuracy_ = new MetricChart(tr("Validation accuracy"), MetricChart::Metric::Accuracy, tr("epoch"));
    accuracy_->setObjectName(QStringLiteral("RunsAccuracyChart"));
    loss_ = new MetricChart(tr("Validation loss"), MetricChart::Metric::Loss, tr("epoch"));
    loss_->setObjectName(QStringLiteral("RunsLossChart"));
    for (MetricChart* chart : {accuracy_, loss_}) chart->setMinimumHeight(220);

    auto* top = new QHBoxLayout;
    top->addWidget(summary_, 1);
    top->addWidget(filter_);
    top->addWidget(folderButton);
    top->addWidget(exportButton);
    top->addWidget(refreshButton);
    auto* charts = new QWidget;
    auto* chartRow = new QHBoxLayout(charts);
    chartRow->setContentsMargins(0, 0, 0, 0);
    chartRow->addWidget(accuracy_);
    chartRow->addWidget(loss_);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(table_);
    splitter->addWidget(charts);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(message_);
    layout->addWidget(splitter, 1);

    connect(refreshAction_, &QAction::triggered, this, &RunsPanel::refresh);
    connect(exporter_, &RunExporter::started, this,
            [this](const QString& text) { message_->showMessage(InlineMessage::Kind::Info, text); });
    connect(exporter_, &RunExporter::finished, this,
            [this](const QString& file, const QString& text, const QString& error) {
                if (error.isEmpty()) {
                    message_->showMessage(InlineMessage::Kind::Info, text);
                } else {
                    message_->showMessage(InlineMessage::Kind::Error, tr("Could not export: %1").arg(error));
                }
                Q_EMIT exported(file, error);
            });
    connect(filter_, &QLineEdit::textChanged, this,
            [this](const QString& text) { static_cast<RunFilterModel*>(proxy_)->setText(text); });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPanel::loadCurves);
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        Q_EMIT openRunRequested(index.data(RunTableModel::kFolderRole).toString());
    });
    connect(table_, &QWidget::customContextMenuRequested, this, &RunsPanel::showContextMenu);
    auto* open = new QAction(tr("Show Its Curves"), table_);
    open->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    open->setShortcutContext(Qt::WidgetShortcut);
    table_->addAction(open);
    connect(open, &QAction::triggered, this, [this] {
        const auto folder = currentFolder();
        if (!folder.isEmpty()) Q_EMIT openRunRequested(folder);
    });
    setRunsRoot({});
}

RunsPanel::~RunsPanel() = default;

void RunsPanel::setRunsRoot(const std::filesystem::path& root) {
    if (root == root_ && !root.empty()) return refresh();
    root_ = root;
    model_->setRuns({});
    refresh();
}

void RunsPanel::refresh() {
    if (root_.empty()) {
        statusText_ = tr("No runs folder yet: open a dataset, the demo or the lesson.");
        summary_->setText(statusText_);
        Q_EMIT refreshed();
        return;
    }
    summary_->setText(tr("Reading %1…").arg(toQString(root_)));
    const auto root = root_;
    listJob_.submit([root](const std::atomic<bool>&) {
        auto listing = std::make_shared<Listing>();
        try {
            // One RunIndex per job: its SQLite connection stays on this pool thread.
            tl::RunIndex index(root);
            listing->runs = index.refresh();
            listing->notice = QString::fromStdString(index.notice());
        } catch (const std::exception& error) {
            listing->error = QString::fromStdString(error.what());
        }
        return listing;
    });
}

void RunsPanel::showListing(const std::shared_ptr<Listing>& listing) {
    const auto selected = selectedFolders();
    model_->setRuns(listing->runs);
    table_->resizeColumnsToContents();
    for (int column = 0; column < RunTableModel::ColumnCount; ++column) {
        table_->setColumnWidth(column, std::min(table_->columnWidth(column), 260));
    }
    const auto root = toQString(root_);
    const auto count = listing->runs.size();
    statusText_ = count == 0   ? tr("No runs in %1 yet: press Start on the Train tab.").arg(root)
                  : count == 1 ? tr("1 run in %1").arg(root)
                               : tr("%1 runs in %2").arg(count).arg(root);
    summary_->setText(statusText_);
    summary_->setToolTip(statusText_);
    if (!listing->error.isEmpty()) {
        message_->showMessage(InlineMessage::Kind::Error, tr("Could not list the runs: %1").arg(listing->error));
    } else if (!listing->notice.isEmpty()) {
        message_->showMessage(InlineMessage::Kind::Warning, listing->notice);
    } else {
        message_->clearMessage();
    }
    // The newest run is selected at first, so its curves show without a click.
    if (selected.isEmpty() && !listing->runs.empty()) {
        table_->selectRow(0);
    } else {
        selectFolders(selected);
    }
    if (table_->selectionModel()->selectedRows().isEmpty()) loadCurves();
    Q_EMIT refreshed();
}

QStringList RunsPanel::selectedFolders() const {
    QStringList folders;
    for (const auto& index : table_->selectionModel()->selectedRows()) {
        folders.append(index.data(RunTableModel::kFolderRole).toString());
    }
    return folders;
}

void RunsPanel::selectFolders(const QStringList& folders) {
    QItemSelection selection;
    for (const auto& folder : folders) {
        const int row = model_->rowOf(folder);
        if (row < 0) continue;
        const auto index = proxy_->mapFromSource(model_->index(row, 0));
        if (index.isValid()) selection.select(index, index);
    }
    table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

bool RunsPanel::isBusy() const {
    return listJob_.isBusy() || curveJob_.isBusy() || exporter_->isBusy();
}

QString RunsPanel::statusText() const {
    return statusText_;
}

void RunsPanel::loadCurves() {
    auto folders = selectedFolders();
    if (folders.size() > kOverlayLimit) folders = folders.mid(0, kOverlayLimit);
    curveJob_.submit([folders](const std::atomic<bool>& stop) {
        auto curves = std::make_shared<Curves>();
        for (const auto& folder : folders) {
            if (stop) break;
            std::vector<tl::EpochMetrics> epochs;
            try {
                epochs = tl::RunFolder::open(toPath(folder)).readMetrics();
            } catch (const std::exception&) {
                // a run that failed before its first epoch has no metrics.csv: no curve
            }
            curves->folders.append(folder);
            curves->epochs.push_back(std::move(epochs));
        }
        return curves;
    });
}

void RunsPanel::showCurves(const std::shared_ptr<Curves>& curves) {
    for (MetricChart* chart : {accuracy_, loss_}) chart->removeCurves();
    for (int i = 0; i < curves->folders.size(); ++i) {
        const int row = model_->rowOf(curves->folders[i]);
        const auto name = row >= 0 ? QString::fromStdString(model_->runs()[static_cast<std::size_t>(row)].name)
                                   : QFileInfo(curves->folders[i]).fileName();
        const int accuracyCurve = accuracy_->addCurve(name, overlayColour(i));
        const int lossCurve = loss_->addCurve(name, overlayColour(i));
        for (const auto& epoch : curves->epochs[static_cast<std::size_t>(i)]) {
            accuracy_->appendPoint(accuracyCurve, epoch.epoch, epoch.validationAccuracy);
            loss_->appendPoint(lossCurve, epoch.epoch, epoch.validationLoss);
        }
    }
    // Raw epochs: each run's curve as it was measured (the Train tab smooths live curves).
    for (MetricChart* chart : {accuracy_, loss_}) chart->redraw(0, SmoothingFormula::Lecture);
    Q_EMIT curvesShown();
}

QString RunsPanel::currentFolder() const {
    const auto index = table_->currentIndex();
    return index.isValid() ? index.data(RunTableModel::kFolderRole).toString() : QString();
}

void RunsPanel::showContextMenu(const QPoint& position) {
    const auto index = table_->indexAt(position);
    if (!index.isValid()) return;
    const auto folder = index.data(RunTableModel::kFolderRole).toString();
    QMenu menu(this);
    menu.addAction(tr("Show Its &Curves in the Train Tab"), this, [this, folder] { Q_EMIT openRunRequested(folder); });
    menu.addAction(tr("&Evaluate It"), this, [this, folder] { Q_EMIT evaluateRequested(folder); });
    menu.addAction(tr("&Predict with It"), this, [this, folder] { Q_EMIT predictRequested(folder); });
    const auto row = model_->rowOf(folder);
    if (row >= 0) {
        const auto& run = model_->runs()[static_cast<std::size_t>(row)];
        const bool unfinished = run.status == "stopped" || run.status == "interrupted" || run.status == "failed";
        auto* resume = menu.addAction(tr("&Resume This Run"), this, [this, folder] { Q_EMIT resumeRequested(folder); });
        resume->setEnabled(unfinished && run.epochsCompleted < run.epochsPlanned && !run.endedEarly);
        resume->setToolTip(tr("Go on from its last finished epoch, with the curves it would have had."));
    }
    menu.addSeparator();
    exporter_->addActions(&menu, folder);
    menu.addSeparator();
    menu.addAction(tr("Open the Run &Folder"), this, [this, folder] { revealFolder(folder); });
    menu.addAction(refreshAction_);
    menu.exec(table_->viewport()->mapToGlobal(position));
}

void RunsPanel::revealFolder(const QString& folder) {
    QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
}

}  // namespace tl::ui
