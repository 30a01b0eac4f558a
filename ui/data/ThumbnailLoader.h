#pragma once
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QSize>
#include <QString>
#include <QThreadPool>
#include <deque>

namespace tl::ui {

/// Decodes image files into small square thumbnails on a private thread pool.
///
/// Thread rules: request(), clear() and the destructor are called on the thread the loader lives
/// in (the GUI thread), and `loaded` is emitted there. Decoding runs on the pool's workers.
/// Requests are served newest first (what the user scrolled to last is what is on screen), and
/// only the newest kMaxQueued wait: older ones are dropped silently — a view asks again for what
/// it still shows. A path already waiting or being decoded is not queued twice.
class ThumbnailLoader : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxQueued = 512;

    /// `edge`: the side of the square thumbnails, in pixels.
    explicit ThumbnailLoader(int edge, QObject* parent = nullptr);
    /// Drops what waits and waits for the decodes in progress (one image per worker at most).
    ~ThumbnailLoader() override;

    void request(const QString& path);
    /// Forgets every waiting request (results of decodes in progress still arrive).
    void clear();

    int edge() const { return edge_; }
    /// How many requests were queued since construction; a measure of laziness for tests.
    int queuedTotal() const;

    /// The file scaled to fit an `edge` x `edge` square (aspect kept, EXIF orientation applied),
    /// centred on a transparent square; a null image when the file cannot be read. Any thread.
    static QImage decode(const QString& path, int edge);

Q_SIGNALS:
    /// `image` is null when the file cannot be read.
    void loaded(const QString& path, const QImage& image);

private:
    void drainQueue();  // on a worker thread
    void deliver(const QString& path, const QImage& image);

    const int edge_;
    QThreadPool pool_;
    mutable QMutex mutex_;       // guards everything below
    std::deque<QString> queue_;  // back = newest
    QSet<QString> pending_;      // waiting in queue_ or being decoded
    int activeWorkers_ = 0;
    int queuedTotal_ = 0;
};

}  // namespace tl::ui
