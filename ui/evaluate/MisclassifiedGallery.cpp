#include "ui/evaluate/MisclassifiedGallery.h"

#include <QPixmap>

#include "ui/common/ImageThumbnail.h"
#include "ui/common/PathText.h"

namespace tl::ui {

MisclassifiedGallery::MisclassifiedGallery(QWidget* parent) : QListWidget(parent) {
    setObjectName(QStringLiteral("MisclassifiedGallery"));
    setViewMode(QListView::IconMode);
    setIconSize({kThumbnailSide, kThumbnailSide});
    setGridSize({kThumbnailSide + 34, kThumbnailSide + 40});
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setWordWrap(true);
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setToolTip(
        tr("The images the model got wrong, the most confidently wrong first. Double-click one to see "
           "where the model looked (Predict tab)."));
    connect(this, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT imageActivated(item->data(Qt::UserRole).toString()); });
}

void MisclassifiedGallery::setImages(const std::vector<tl::ImageOutcome>& wrong, const QList<QImage>& thumbnails,
                                     const QStringList& classes, int totalWrong) {
    clear();
    for (std::size_t i = 0; i < wrong.size(); ++i) {
        const auto& outcome = wrong[i];
        const auto actual = classes.value(outcome.actual), predicted = classes.value(outcome.predicted);
        QPixmap tile(kThumbnailSide, kThumbnailSide);
        tile.fill(Qt::transparent);
        const auto image = thumbnails.value(static_cast<int>(i));
        if (!image.isNull()) tile = QPixmap::fromImage(image);
        auto* item = new QListWidgetItem(
            QIcon(tile),
            QStringLiteral("%1 → %2 %3%").arg(actual, predicted).arg(outcome.confidence() * 100.0, 0, 'f', 0));
        const auto file = toQString(outcome.file);
        item->setData(Qt::UserRole, file);
        item->setToolTip(tr("%1\nactually %2, predicted %3 with probability %4")
                             .arg(file, actual, predicted)
                             .arg(outcome.confidence(), 0, 'f', 3));
        addItem(item);
    }
    if (totalWrong > static_cast<int>(wrong.size())) {
        auto* more = new QListWidgetItem(tr("+%1 more").arg(totalWrong - static_cast<int>(wrong.size())));
        more->setFlags(Qt::NoItemFlags);
        addItem(more);
    }
}

QString MisclassifiedGallery::fileAt(int row) const {
    const auto* entry = item(row);
    return entry ? entry->data(Qt::UserRole).toString() : QString();
}

QList<QImage> MisclassifiedGallery::makeThumbnails(const std::vector<tl::ImageOutcome>& outcomes) {
    QList<QImage> thumbnails;
    for (const auto& outcome : outcomes) {
        thumbnails.append(readThumbnail(toQString(outcome.file), kThumbnailSide));
    }
    return thumbnails;
}

}  // namespace tl::ui
