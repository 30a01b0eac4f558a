#include "ui/data/ThumbnailBrowser.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "ui/data/ThumbnailModel.h"

namespace tl::ui {

ThumbnailBrowser::ThumbnailBrowser(QWidget* parent)
    : QWidget(parent),
      splitCombo_(new QComboBox(this)),
      classCombo_(new QComboBox(this)),
      countLabel_(new QLabel(this)),
      view_(new QListView(this)),
      model_(new ThumbnailModel(this)) {
    splitCombo_->setObjectName(QStringLiteral("thumbnailSplit"));
    classCombo_->setObjectName(QStringLiteral("thumbnailClass"));
    view_->setObjectName(QStringLiteral("thumbnailView"));
    countLabel_->setObjectName(QStringLiteral("thumbnailCount"));
    splitCombo_->addItem(tr("All images"), kAllImages);
    for (auto split : kAllSplits) {
        const auto name = QString::fromUtf8(toString(split).data(), static_cast<qsizetype>(toString(split).size()));
        splitCombo_->addItem(name.left(1).toUpper() + name.mid(1), static_cast<int>(split));
    }
    splitCombo_->setCurrentIndex(1);  // train: what the model learns from
    splitCombo_->setToolTip(
        tr("Which images to show: a split of the current split settings, or every usable "
           "image in the folder."));
    classCombo_->setToolTip(tr("Show one class, or all of them."));
    classCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    const int edge = model_->edge();
    view_->setModel(model_);
    view_->setViewMode(QListView::IconMode);
    view_->setIconSize(QSize(edge, edge));
    // Fixed cells and uniform sizes: the view lays out 25,000 items without asking each one its size.
    view_->setGridSize(QSize(edge + 20, edge + view_->fontMetrics().height() + 14));
    view_->setUniformItemSizes(true);
    view_->setResizeMode(QListView::Adjust);
    view_->setMovement(QListView::Static);
    view_->setLayoutMode(QListView::Batched);
    view_->setBatchSize(500);
    view_->setWordWrap(false);
    view_->setTextElideMode(Qt::ElideMiddle);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    view_->setToolTip(QString());  // items carry their own tooltips (file and label)

    auto* filters = new QHBoxLayout;
    auto* splitLabel = new QLabel(tr("&Show:"), this);
    splitLabel->setBuddy(splitCombo_);
    auto* classLabel = new QLabel(tr("C&lass:"), this);
    classLabel->setBuddy(classCombo_);
    filters->addWidget(splitLabel);
    filters->addWidget(splitCombo_);
    filters->addSpacing(8);
    filters->addWidget(classLabel);
    filters->addWidget(classCombo_);
    filters->addStretch(1);
    filters->addWidget(countLabel_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(view_, 1);

    connect(splitCombo_, &QComboBox::currentIndexChanged, this, &ThumbnailBrowser::refill);
    connect(classCombo_, &QComboBox::currentIndexChanged, this, &ThumbnailBrowser::refill);
    refill();
}

void ThumbnailBrowser::setContents(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const SplitSet> split) {
    if (!dataset || !dataset_ || dataset->root != dataset_->root) model_->clearCache();
    dataset_ = std::move(dataset);
    split_ = std::move(split);
    {
        const QSignalBlocker blocker(splitCombo_);
        for (int i = 0; i < splitCombo_->count(); ++i) {
            if (splitCombo_->itemData(i).toInt() == kAllImages) continue;
            // Disabled, not removed: the user's choice comes back when the split works again.
            splitCombo_->setItemData(i, split_ ? QVariant() : QVariant(0), Qt::UserRole - 1);
        }
    }
    fillClassCombo();
    refill();
}

void ThumbnailBrowser::fillClassCombo() {
    const QSignalBlocker blocker(classCombo_);
    const QString chosen = classCombo_->currentData().toString();
    classCombo_->clear();
    classCombo_->addItem(tr("All classes"), QString());
    if (dataset_) {
        for (const auto& name : dataset_->classes) {
            classCombo_->addItem(QString::fromStdString(name), QString::fromStdString(name));
        }
    }
    const int index = classCombo_->findData(chosen);
    classCombo_->setCurrentIndex(index >= 0 ? index : 0);
}

void ThumbnailBrowser::refill() {
    std::vector<Sample> samples;
    std::vector<std::string> classes;
    const int splitChoice = splitCombo_->currentData().toInt();
    if (dataset_) {
        classes = dataset_->classes;
        auto append = [&samples](const std::vector<Sample>& part) {
            samples.insert(samples.end(), part.begin(), part.end());
        };
        if (splitChoice != kAllImages && split_) {
            classes = split_->classes;
            append(split_->part(static_cast<SplitName>(splitChoice)));
        } else if (dataset_->predefined) {
            for (auto split : kAllSplits) append(dataset_->predefined->part(split));
        } else {
            append(dataset_->unsplit);
        }
    }
    const std::string chosenClass = classCombo_->currentData().toString().toStdString();
    if (!chosenClass.empty()) {
        std::erase_if(samples, [&](const Sample& sample) {
            return sample.label < 0 || static_cast<std::size_t>(sample.label) >= classes.size() ||
                   classes[static_cast<std::size_t>(sample.label)] != chosenClass;
        });
    }
    // Without a split the grid falls back to every image, and says so.
    const bool noSplit = splitChoice != kAllImages && dataset_ && !split_;
    const QString count = samples.size() == 1
                              ? tr("1 image")
                              : tr("%1 images").arg(QLocale().toString(static_cast<qulonglong>(samples.size())));
    countLabel_->setText(noSplit ? tr("no split yet: all %1").arg(count) : count);
    model_->setSamples(samples, classes);
}

}  // namespace tl::ui
