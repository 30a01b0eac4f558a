#include "ui/data/DataSourceBar.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStyle>
#include <QToolButton>

#include "ui/common/PathText.h"

namespace tl::ui {
namespace {

constexpr DatasetLayout kLayouts[] = {DatasetLayout::Auto, DatasetLayout::ClassFolders, DatasetLayout::SplitFolders,
                                      DatasetLayout::KaggleFlat};

}  // namespace

DataSourceBar::DataSourceBar(QWidget* parent)
    : QWidget(parent),
      folderEdit_(new QLineEdit(this)),
      openButton_(new QPushButton(tr("Open folder…"), this)),
      rescanButton_(new QToolButton(this)),
      layoutCombo_(new QComboBox(this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* folderLabel = new QLabel(tr("&Folder:"), this);
    folderLabel->setBuddy(folderEdit_);
    folderEdit_->setObjectName(QStringLiteral("folderEdit"));
    folderEdit_->setPlaceholderText(tr("A dataset folder, e.g. dogs-vs-cats/train"));
    folderEdit_->setClearButtonEnabled(true);
    folderEdit_->setToolTip(
        tr("<p>The folder that holds the images. Three arrangements work:</p><ul>"
           "<li><b>class folders</b>: one sub-folder per class (<i>cat/</i>, <i>dog/</i>);</li>"
           "<li><b>split folders</b>: <i>train/</i>, <i>validation/</i>, <i>test/</i>, each with class folders;</li>"
           "<li><b>Kaggle flat</b>: one folder of files named <i>class.number.jpg</i>, like Kaggle's "
           "<i>train/</i> with its 25,000 <i>cat.N.jpg</i> and <i>dog.N.jpg</i>.</li></ul>"));
    openButton_->setObjectName(QStringLiteral("openFolderButton"));
    openButton_->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    openButton_->setToolTip(
        tr("Choose the dataset folder (files are shown too, so a Kaggle folder full of "
           "cat.N.jpg is easy to recognise)."));
    rescanButton_->setObjectName(QStringLiteral("rescanButton"));
    rescanButton_->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    rescanButton_->setToolTip(tr("Scan the folder again (after adding or removing images)."));
    layoutCombo_->setObjectName(QStringLiteral("layoutCombo"));
    for (auto choice : kLayouts) layoutCombo_->addItem(layoutName(choice), static_cast<int>(choice));
    layoutCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    layoutCombo_->setToolTip(
        tr("How the files are arranged. <b>Auto</b> detects it; choose one yourself when "
           "detection guesses wrong."));
    auto* layoutLabel = new QLabel(tr("&Layout:"), this);
    layoutLabel->setBuddy(layoutCombo_);

    layout->addWidget(folderLabel);
    layout->addWidget(folderEdit_, 1);
    layout->addWidget(openButton_);
    layout->addWidget(rescanButton_);
    layout->addSpacing(12);
    layout->addWidget(layoutLabel);
    layout->addWidget(layoutCombo_);

    connect(openButton_, &QPushButton::clicked, this, &DataSourceBar::openFolderDialog);
    connect(folderEdit_, &QLineEdit::editingFinished, this, &DataSourceBar::commitTypedFolder);
    connect(rescanButton_, &QToolButton::clicked, this, [this] { Q_EMIT rescanRequested(); });
    connect(layoutCombo_, &QComboBox::activated, this, [this] { Q_EMIT layoutChosen(); });
}

QString DataSourceBar::layoutName(DatasetLayout layout) {
    switch (layout) {
        case DatasetLayout::Auto:
            return tr("Auto");
        case DatasetLayout::ClassFolders:
            return tr("Class folders");
        case DatasetLayout::SplitFolders:
            return tr("Split folders");
        case DatasetLayout::KaggleFlat:
            return tr("Kaggle flat");
    }
    return {};
}

void DataSourceBar::setFolder(const std::filesystem::path& folder) {
    committed_ = folder;
    folderEdit_->setText(toQString(folder));
}

std::filesystem::path DataSourceBar::folder() const {
    return committed_;
}

void DataSourceBar::setLayoutChoice(DatasetLayout layout) {
    const QSignalBlocker blocker(layoutCombo_);
    layoutCombo_->setCurrentIndex(layoutCombo_->findData(static_cast<int>(layout)));
}

DatasetLayout DataSourceBar::layoutChoice() const {
    return static_cast<DatasetLayout>(layoutCombo_->currentData().toInt());
}

void DataSourceBar::setDetectedLayout(std::optional<DatasetLayout> detected) {
    const int autoIndex = layoutCombo_->findData(static_cast<int>(DatasetLayout::Auto));
    layoutCombo_->setItemText(
        autoIndex, detected ? tr("Auto (detected: %1)").arg(layoutName(*detected)) : layoutName(DatasetLayout::Auto));
}

void DataSourceBar::openFolderDialog() {
    // A non-native dialog in directory mode that still lists files: the user sees the images and
    // picks the folder that holds them (or their class folders).
    QFileDialog dialog(this, tr("Open a dataset folder"), folderEdit_->text());
    dialog.setFileMode(QFileDialog::Directory);
    dialog.setOption(QFileDialog::ShowDirsOnly, false);
    dialog.setOption(QFileDialog::DontUseNativeDialog, true);
    dialog.setLabelText(QFileDialog::Accept, tr("Open"));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return;
    QString chosen = dialog.selectedFiles().constFirst();
    if (QFileInfo(chosen).isFile()) chosen = QFileInfo(chosen).absolutePath();  // an image picked: its folder
    folderEdit_->setText(chosen);
    commitTypedFolder();
}

void DataSourceBar::commitTypedFolder() {
    const auto typed = toPath(folderEdit_->text().trimmed());
    if (typed == committed_) return;
    committed_ = typed;
    Q_EMIT folderChosen();
}

}  // namespace tl::ui
