#pragma once
#include <QAbstractListModel>
#include <QCache>
#include <QHash>
#include <QPixmap>
#include <string>
#include <vector>

#include "core/data/Dataset.h"

namespace tl::ui {

class ThumbnailLoader;

/// A list of labelled images for a QListView in icon mode, with thumbnails loaded lazily.
///
/// data(DecorationRole) answers at once: the cached thumbnail, or a placeholder while the file is
/// decoded off the GUI thread (ThumbnailLoader); dataChanged() tells the view when it arrives. Only
/// rows a view asks about are ever decoded, so a list of 25,000 images costs what is on screen.
/// Thumbnails stay cached across setSamples() (keyed by path) up to kCacheKiB.
/// GUI thread only.
class ThumbnailModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        PathRole = Qt::UserRole + 1,  ///< QString, the file
        LabelRole,                    ///< QString, the class name
        IsLoadedRole,                 ///< bool, whether DecorationRole gives the real thumbnail
    };
    static constexpr int kDefaultEdge = 96;
    static constexpr int kCacheKiB = 96 * 1024;

    explicit ThumbnailModel(QObject* parent = nullptr, int edge = kDefaultEdge);

    /// Shows `samples`; labels index `classes`. Waiting decodes of the previous list are dropped.
    void setSamples(const std::vector<Sample>& samples, const std::vector<std::string>& classes);
    /// Forgets every cached thumbnail (the files on disk may have changed).
    void clearCache();

    int edge() const;
    const ThumbnailLoader& loader() const { return *loader_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    struct Item {
        QString path;
        QString name;  // file name, shown under the thumbnail
        QString label;
    };
    void store(const QString& path, const QImage& image);

    std::vector<Item> items_;
    QHash<QString, int> rowOfPath_;
    mutable QCache<QString, QPixmap> cache_;
    QPixmap placeholder_;
    QPixmap broken_;
    ThumbnailLoader* loader_;  // child
};

}  // namespace tl::ui
