#include "ui/data/DatasetScanRunner.h"

#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "core/data/DatasetScanner.h"

namespace tl::ui {

DatasetScanRunner::DatasetScanRunner(QObject* parent) : QObject(parent) {
    connect(&watcher_, &QFutureWatcher<Result>::finished, this, &DatasetScanRunner::onWatcherFinished);
}

void DatasetScanRunner::scan(const std::filesystem::path& root, DatasetLayout layout) {
    next_ = Request{root, layout};
    if (!running_) startNext();
}

void DatasetScanRunner::startNext() {
    const Request request = *next_;
    next_.reset();
    const bool wasRunning = running_;
    running_ = true;
    // The task captures values only: it may outlive this object.
    watcher_.setFuture(QtConcurrent::run([request] {
        Result result;
        result.root = request.root;
        result.layout = request.layout;
        try {
            result.dataset = std::make_shared<const Dataset>(scanDataset(request.root, request.layout));
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
