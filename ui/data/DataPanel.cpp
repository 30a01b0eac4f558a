#include "ui/data/DataPanel.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QProgressBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <exception>

#include "core/data/DatasetSplitter.h"
#include "ui/common/DroppedFiles.h"
#include "ui/common/InlineMessage.h"
#include "ui/common/PathText.h"
#include "ui/data/DataSourceBar.h"
#include "ui/data/DatasetScanRunner.h"
#include "ui/data/SkippedFilesModel.h"
#include "ui/data/SplitControls.h"
#include "ui/data/SplitTableModel.h"
#include "ui/data/ThumbnailBrowser.h"

namespace tl::ui {
namespace {

QTableView* makeTable(QWidget* parent, const QString& objectName) {
    auto* table = new QTableView(parent);
    table->setObjectName(objectName);
    table->verticalHeader()->hide();
    table->setAlternatingRowColors(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    return table;
}

}  // namespace

DataPanel::DataPanel(QWidget* parent)
    : QWidget(parent),
      source_(new DataSourceBar(this)),
      message_(new InlineMessage(this)),
      splitFileNote_(new InlineMessage(this)),
      busyRow_(new QWidget(this)),
      busyLabel_(new QLabel(busyRow_)),
      busyBar_(new QProgressBar(busyRow_)),
      splitControls_(new SplitControls(this)),
      summary_(new QLabel(this)),
      splitTable_(makeTable(this, QStringLiteral("splitTable"))),
      splitModel_(new SplitTableModel(this)),
      skippedGroup_(new QGroupBox(this)),
      skippedTable_(makeTable(this, QStringLiteral("skippedTable"))),
      skippedModel_(new SkippedFilesModel(this)),
      browser_(new ThumbnailBrowser(this)),
      scanner_(new DatasetScanRunner(this)) {
    message_->setObjectName(QStringLiteral("dataMessage"));
    splitFileNote_->setObjectName(QStringLiteral("splitFileNote"));
    summary_->setObjectName(QStringLiteral("dataSummary"));
    skippedGroup_->setObjectName(QStringLiteral("skippedGroup"));
    splitTable_->setModel(splitModel_);
    skippedTable_->setModel(skippedModel_);
    buildLayout();

    connect(source_, &DataSourceBar::folderChosen, this, &DataPanel::onFolderOrLayoutChosen);
    connect(source_, &DataSourceBar::layoutChosen, this, &DataPanel::onFolderOrLayoutChosen);
    connect(source_, &DataSourceBar::rescanRequested, this, &DataPanel::rescan);
    setAcceptDrops(true);
    connect(splitControls_, &SplitControls::changed, this, &DataPanel::onSplitControlsChanged);
    connect(scanner_, &DatasetScanRunner::busyChanged, busyRow_, &QWidget::setVisible);
    connect(scanner_, &DatasetScanRunner::progress, this, [this](qint64 checked, qint64 total) {
        busyBar_->setRange(0, 1000);
        busyBar_->setValue(total > 0 ? static_cast<int>(checked * 1000 / total) : 0);
        busyBar_->setToolTip(
            tr("%1 of %2 image files checked").arg(QLocale().toString(checked), QLocale().toString(total)));
    });
    connect(scanner_, &DatasetScanRunner::finished, this, [this](const DatasetScanRunner::Result& result) {
        // A scan of a folder the user has left since (or cleared) is not worth showing.
        if (!scanRequested_ || result.root != requested_.root || result.layout != requested_.layout) return;
        onScanFinished(result.dataset, result.error);
    });

    splitControls_->setValues(spec_.counts, spec_.splitSeed);
    showContents();
}

DataPanel::~DataPanel() = default;

void DataPanel::buildLayout() {
    busyBar_->setRange(0, 0);  // until the scan has listed the files and starts checking them
    busyBar_->setMaximumWidth(140);
    busyBar_->setTextVisible(false);
    auto* busyLayout = new QHBoxLayout(busyRow_);
    busyLayout->setContentsMargins(0, 0, 0, 0);
    busyLayout->addWidget(busyBar_);
    busyLayout->addWidget(busyLabel_, 1);
    busyRow_->hide();

    auto* splitGroup = new QGroupBox(tr("Split"), this);
    splitGroup->setToolTip(
        tr("<p>A <b>split</b> divides the images into three sets that never overlap: <b>train</b> (the model "
           "learns from it), <b>validation</b> (watched during training, to see overfitting) and <b>test</b> "
           "(measured once, at the end).</p><p>Each class gets the same number of images in each split "
           "(stratified), so no class dominates the accuracy.</p>"));
    (new QVBoxLayout(splitGroup))->addWidget(splitControls_);

    auto* classesGroup = new QGroupBox(tr("Classes and counts per split"), this);
    auto* classesLayout = new QVBoxLayout(classesGroup);
    summary_->setWordWrap(true);
    classesLayout->addWidget(summary_);
    classesLayout->addWidget(splitTable_, 1);
    auto* header = splitTable_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(SplitTableModel::ClassColumn, QHeaderView::Stretch);

    skippedGroup_->setToolTip(
        tr("Files that look like images by their name but cannot be used (zero bytes, not "
           "an image, truncated, unreadable). They are left out of every split; the scan "
           "goes on without them."));
    (new QVBoxLayout(skippedGroup_))->addWidget(skippedTable_);
    skippedTable_->horizontalHeader()->setSectionResizeMode(SkippedFilesModel::FileColumn, QHeaderView::Interactive);
    skippedTable_->horizontalHeader()->setStretchLastSection(true);
    skippedTable_->horizontalHeader()->resizeSection(SkippedFilesModel::FileColumn, 220);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(splitGroup);
    leftLayout->addWidget(classesGroup, 1);
    leftLayout->addWidget(skippedGroup_, 1);

    auto* imagesGroup = new QGroupBox(tr("Images"), this);
    imagesGroup->setToolTip(
        tr("The images of a split and class, as files on disk; hover one for its path and "
           "label. Thumbnails load as they scroll into view."));
    (new QVBoxLayout(imagesGroup))->addWidget(browser_);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(left);
    splitter->addWidget(imagesGroup);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(source_);
    layout->addWidget(busyRow_);
    layout->addWidget(message_);
    layout->addWidget(splitFileNote_);
    layout->addWidget(splitter, 1);
}

void DataPanel::setDataSpec(const tl::DataSpec& spec) {
    spec_ = spec;
    proposeCounts_ = false;
    source_->setFolder(spec.root);
    source_->setLayoutChoice(spec.layout);
    splitControls_->setValues(spec.counts, spec.splitSeed);
    updateSplitFileNote();
    if (!scanRequested_ || spec.root != requested_.root || spec.layout != requested_.layout) {
        startScan();
    } else {
        resplit();
    }
}

void DataPanel::openFolder(const std::filesystem::path& root) {
    spec_.root = root;
    spec_.layout = DatasetLayout::Auto;
    spec_.splitFile.clear();
    source_->setFolder(root);
    source_->setLayoutChoice(DatasetLayout::Auto);
    proposeCounts_ = true;
    updateSplitFileNote();
    startScan();
    Q_EMIT dataSpecChanged();
}

tl::DataSpec DataPanel::dataSpec() const {
    return spec_;
}

const tl::Dataset* DataPanel::dataset() const {
    return dataset_.get();
}

const tl::SplitSet* DataPanel::split() const {
    return split_.get();
}

bool DataPanel::isScanning() const {
    return scanner_->isScanning();
}

void DataPanel::rescan() {
    startScan();
}

void DataPanel::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedDataset(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void DataPanel::dropEvent(QDropEvent* event) {
    const QString folder = droppedDataset(event->mimeData());
    if (folder.isEmpty()) return;
    event->acceptProposedAction();
    openFolder(toPath(folder));
}

void DataPanel::startScan() {
    scanRequested_ = true;
    requested_.root = spec_.root;
    requested_.layout = spec_.layout;
    if (spec_.root.empty()) {
        dataset_.reset();
        scanError_.clear();
        resplit();
        return;
    }
    busyLabel_->setText(
        tr("Scanning %1 … every image file is checked, this can take a few seconds.").arg(toQString(spec_.root)));
    busyBar_->setRange(0, 0);  // a new scan starts by listing the folders
    scanner_->scan(spec_.root, spec_.layout);
}

void DataPanel::onScanFinished(const std::shared_ptr<const tl::Dataset>& dataset, const QString& error) {
    dataset_ = dataset;
    scanError_ = error;
    source_->setDetectedLayout(dataset_ ? std::optional<DatasetLayout>(dataset_->layout) : std::nullopt);
    splitControls_->setZeroMeansAll(dataset_ && dataset_->predefined);
    const bool proposing = proposeCounts_ && dataset_;  // the scanner reports only the newest request
    if (proposing) {
        proposeCounts_ = false;
        spec_.counts = proposeSplitCounts(*dataset_);
        const QSignalBlocker block(splitControls_);
        splitControls_->setValues(spec_.counts, spec_.splitSeed);
    }
    resplit();
    Q_EMIT datasetScanned();
    if (proposing) Q_EMIT dataSpecChanged();
}

void DataPanel::onFolderOrLayoutChosen() {
    if (source_->folder() == spec_.root && source_->layoutChoice() == spec_.layout) return;
    if (source_->folder() != spec_.root) proposeCounts_ = true;  // another folder: counts to suit it
    spec_.root = source_->folder();
    spec_.layout = source_->layoutChoice();
    spec_.splitFile.clear();
    updateSplitFileNote();
    startScan();
    Q_EMIT dataSpecChanged();
}

void DataPanel::onSplitControlsChanged() {
    const SplitCounts counts = splitControls_->counts();
    const std::uint64_t seed = splitControls_->seed();
    if (counts == spec_.counts && seed == spec_.splitSeed) return;
    spec_.counts = counts;
    spec_.splitSeed = seed;
    spec_.splitFile.clear();  // the user now chooses the split by counts and seed
    updateSplitFileNote();
    resplit();
    Q_EMIT dataSpecChanged();
}

void DataPanel::resplit() {
    split_.reset();
    splitError_.clear();
    if (dataset_) {
        try {
            split_ = std::make_shared<const SplitSet>(makeSplit(*dataset_, spec_.counts, spec_.splitSeed));
        } catch (const std::exception& error) {
            splitError_ = QString::fromStdString(error.what());
        }
    }
    showContents();
}

void DataPanel::showContents() {
    if (spec_.root.empty()) {
        message_->showMessage(InlineMessage::Kind::Info,
                              tr("Choose a dataset folder with Open folder…: one sub-folder per class, "
                                 "train/validation/test folders, or a Kaggle folder of cat.N.jpg and dog.N.jpg."));
    } else if (!scanError_.isEmpty()) {
        message_->showMessage(InlineMessage::Kind::Error, tr("This folder cannot be used: %1").arg(scanError_));
    } else if (!splitError_.isEmpty()) {
        message_->showMessage(
            InlineMessage::Kind::Warning,
            tr("No split with these counts: lower the images per class below, or add images to that class.\n%1.")
                .arg(splitError_));
    } else {
        message_->clearMessage();
    }

    splitModel_->setContents(dataset_.get(), split_.get(), spec_.counts);
    const std::size_t skipped = dataset_ ? dataset_->skipped.size() : 0;
    if (dataset_) {
        skippedModel_->setFiles(dataset_->skipped, dataset_->root);
    } else {
        skippedModel_->clear();
    }
    skippedGroup_->setTitle(tr("Skipped files (%1)").arg(QLocale().toString(static_cast<qulonglong>(skipped))));

    if (dataset_) {
        std::size_t usable = 0;
        for (auto count : dataset_->countsPerClass()) usable += count;
        summary_->setText(tr("%1 classes · %2 usable images · layout: %3")
                              .arg(dataset_->classes.size())
                              .arg(QLocale().toString(static_cast<qulonglong>(usable)))
                              .arg(DataSourceBar::layoutName(dataset_->layout)));
    } else {
        summary_->setText(tr("No dataset yet."));
    }
    browser_->setContents(dataset_, split_);
}

void DataPanel::updateSplitFileNote() {
    if (spec_.splitFile.empty()) {
        splitFileNote_->clearMessage();
        return;
    }
    splitFileNote_->showMessage(
        InlineMessage::Kind::Info,
        tr("This experiment reads its split from %1. The table shows the split the counts and seed below "
           "would make; changing them makes the experiment use them instead.")
            .arg(toQString(spec_.splitFile)));
}

}  // namespace tl::ui
