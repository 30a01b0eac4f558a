#include "ui/data/DatasetScanRunner.h"

#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "core/data/DatasetScanner.h"

namespace tl::ui {

DatasetScanRunner::DatasetScanRunner(QObject* parent) : QObject(parent) {
    connect(&watcher_, &QFutureWatcher<Result>::finished, this, &DatasetScanRunner::onWatcherFinished);
}

DatasetScanRunner::~DatasetScanRunner() {
    if (stop_) stop_->store(true);
    watcher_.waitForFinished();
}

void DatasetScanRunner::scan(const std::filesystem::path& root, DatasetLayout layout) {
    next_ = Request{root, layout};
    if (!running_) startNext();
    else if (stop_) stop_->store(true);  // its result would be dropped anyway
}

void DatasetScanRunner::startNext() {
    const Request request = *next_;
    next_.reset();
    const bool wasRunning = running_;
    running_ = true;
    stop_ = std::make_shared<std::atomic<bool>>(false);
    // The destructor stops the task and waits for it, so `this` outlives it; progress calls still
    // queued when the runner goes are dropped by Qt.
    watcher_.setFuture(QtConcurrent::run([this, request, stop = stop_] {
        Result result;
        result.root = request.root;
        result.layout = request.layout;
        ScanControl control;
        control.stop = stop.get();
        control.progress = [this](const ScanProgress& progress) {
            const auto checked = static_cast<qint64>(progress.checked), total = static_cast<qint64>(progress.total);
            QMetaObject::invokeMethod(this, [this, checked, total] { Q_EMIT this->progress(checked, total); },
                                      Qt::QueuedConnection);
        };
        try {
            result.dataset = std::make_shared<const Dataset>(scanDataset(request.root, request.layout, control));
        } catch (const std::exception& error) {
            result.error = QString::fromStdString(error.what());
        } catch (...) {
            result.error = QStringLiteral("unexpected error while scanning the folder");
        }
        return result;
    }));
    if (!wasRunning) Q_EMIT busyChanged(true);
}

void DatasetScanRunner::onWatcherFinished() {
    if (next_) {  // superseded while it ran
        startNext();
        return;
    }
    running_ = false;
    const Result result = watcher_.result();
    Q_EMIT busyChanged(false);
    Q_EMIT finished(result);
}

}  // namespace tl::ui
