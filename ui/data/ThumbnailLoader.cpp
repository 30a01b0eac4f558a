#include "ui/data/ThumbnailLoader.h"

#include <QMutexLocker>
#include <QPainter>
#include <QThread>
#include <algorithm>

#include "ui/common/ImageThumbnail.h"

namespace tl::ui {

ThumbnailLoader::ThumbnailLoader(int edge, QObject* parent) : QObject(parent), edge_(edge) {
    // Decoding is I/O and CPU bound; a few workers keep the GUI thread free and leave cores for
    // training that may run at the same time.
    pool_.setMaxThreadCount(std::clamp(QThread::idealThreadCount(), 1, 4));
}

ThumbnailLoader::~ThumbnailLoader() {
    clear();
    pool_.waitForDone();
}

void ThumbnailLoader::request(const QString& path) {
    QMutexLocker lock(&mutex_);
    if (pending_.contains(path)) {
        // Asked again: it is still wanted, so move it to the front of the line if it still waits.
        auto it = std::find(queue_.begin(), queue_.end(), path);
        if (it != queue_.end()) {
            queue_.erase(it);
            queue_.push_back(path);
        }
        return;
    }
    queue_.push_back(path);
    pending_.insert(path);
    ++queuedTotal_;
    if (queue_.size() > static_cast<std::size_t>(kMaxQueued)) {
        pending_.remove(queue_.front());
        queue_.pop_front();
    }
    if (activeWorkers_ < pool_.maxThreadCount()) {
        ++activeWorkers_;
        pool_.start([this] { drainQueue(); });
    }
}

void ThumbnailLoader::clear() {
    QMutexLocker lock(&mutex_);
    for (const auto& path : queue_) pending_.remove(path);
    queue_.clear();
}

int ThumbnailLoader::queuedTotal() const {
    QMutexLocker lock(&mutex_);
    return queuedTotal_;
}

void ThumbnailLoader::drainQueue() {
    for (;;) {
        QString path;
        {
            QMutexLocker lock(&mutex_);
            if (queue_.empty()) {
                --activeWorkers_;
                return;
            }
            path = queue_.back();
            queue_.pop_back();
        }
        const QImage image = decode(path, edge_);
        // Queued to the loader's thread; if the loader is gone by then, Qt drops the call (and
        // the destructor waits for this worker anyway).
        QMetaObject::invokeMethod(
            this, [this, path, image] { deliver(path, image); }, Qt::QueuedConnection);
    }
}

void ThumbnailLoader::deliver(const QString& path, const QImage& image) {
    {
        QMutexLocker lock(&mutex_);
        pending_.remove(path);
    }
    Q_EMIT loaded(path, image);
}

QImage ThumbnailLoader::decode(const QString& path, int edge) {
    const QImage image = readThumbnail(path, edge);
    if (image.isNull()) return {};
    const QSize box(edge, edge);
    // A square canvas keeps every cell of the grid aligned whatever the photo's aspect.
    QImage square(box, QImage::Format_ARGB32_Premultiplied);
    square.fill(Qt::transparent);
    QPainter painter(&square);
    painter.drawImage((edge - image.width()) / 2, (edge - image.height()) / 2, image);
    painter.end();
    return square;
}

}  // namespace tl::ui
