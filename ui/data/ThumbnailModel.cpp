#include "ui/data/ThumbnailModel.h"

#include <QFileInfo>
#include <QPainter>
#include <QPalette>

#include "ui/common/PathText.h"
#include "ui/data/ThumbnailLoader.h"

namespace tl::ui {
namespace {

// A rounded tile in the palette's mid tones, with an optional mark (a cross for broken files).
QPixmap makeTile(int edge, bool crossed) {
    QPixmap tile(edge, edge);
    tile.fill(Qt::transparent);
    QPainter painter(&tile);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette palette;
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette.color(QPalette::Midlight));
    const int margin = edge / 12;
    painter.drawRoundedRect(QRectF(margin, margin, edge - 2 * margin, edge - 2 * margin), edge / 10.0, edge / 10.0);
    if (crossed) {
        painter.setPen(QPen(palette.color(QPalette::Dark), edge / 24.0 + 1));
        const int inset = edge / 3;
        painter.drawLine(inset, inset, edge - inset, edge - inset);
        painter.drawLine(edge - inset, inset, inset, edge - inset);
    }
    return tile;
}

}  // namespace

ThumbnailModel::ThumbnailModel(QObject* parent, int edge)
    : QAbstractListModel(parent),
      placeholder_(makeTile(edge, false)),
      broken_(makeTile(edge, true)),
      loader_(new ThumbnailLoader(edge, this)) {
    cache_.setMaxCost(kCacheKiB);
    connect(loader_, &ThumbnailLoader::loaded, this, &ThumbnailModel::store);
}

int ThumbnailModel::edge() const {
    return loader_->edge();
}

void ThumbnailModel::setSamples(const std::vector<Sample>& samples, const std::vector<std::string>& classes) {
    beginResetModel();
    loader_->clear();
    items_.clear();
    rowOfPath_.clear();
    items_.reserve(samples.size());
    for (const auto& sample : samples) {
        Item item;
        item.path = toQString(sample.path);
        item.name = QString::fromStdString(sample.path.filename().string());
        item.label = sample.label >= 0 && static_cast<std::size_t>(sample.label) < classes.size()
                         ? QString::fromStdString(classes[static_cast<std::size_t>(sample.label)])
                         : QString::number(sample.label);
        rowOfPath_.insert(item.path, static_cast<int>(items_.size()));
        items_.push_back(std::move(item));
    }
    endResetModel();
}

void ThumbnailModel::clearCache() {
    cache_.clear();
}

int ThumbnailModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(items_.size());
}

QVariant ThumbnailModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Item& item = items_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
            return item.name;
        case Qt::ToolTipRole:
            return tr("<b>%1</b><br>%2<br>Class: <b>%3</b>")
                .arg(item.name.toHtmlEscaped(), item.path.toHtmlEscaped(), item.label.toHtmlEscaped());
        case Qt::DecorationRole:
            if (const QPixmap* pixmap = cache_.object(item.path)) return *pixmap;
            // Views ask only for rows they paint, so this is where loading becomes lazy.
            loader_->request(item.path);
            return placeholder_;
        case PathRole:
            return item.path;
        case LabelRole:
            return item.label;
        case IsLoadedRole:
            return cache_.contains(item.path);
        default:
            return {};
    }
}

void ThumbnailModel::store(const QString& path, const QImage& image) {
    const QPixmap pixmap = image.isNull() ? broken_ : QPixmap::fromImage(image);
    const int costKiB = std::max(1, static_cast<int>(pixmap.width() * pixmap.height() * 4 / 1024));
    cache_.insert(path, new QPixmap(pixmap), costKiB);
    if (auto it = rowOfPath_.constFind(path); it != rowOfPath_.constEnd()) {
        const QModelIndex changed = index(*it);
        Q_EMIT dataChanged(changed, changed, {Qt::DecorationRole, IsLoadedRole});
    }
}

}  // namespace tl::ui
