#include "ui/data/DatasetScanRunner.h"

#include <exception>

#include "core/data/DatasetScanner.h"

namespace tl::ui {

DatasetScanRunner::DatasetScanRunner(QObject* parent)
    : QObject(parent), job_([this](const Result& result) {
          Q_EMIT busyChanged(false);
          Q_EMIT finished(result);
      }) {}

void DatasetScanRunner::scan(const std::filesystem::path& root, DatasetLayout layout) {
    const bool wasScanning = job_.isBusy();
    // The job stops within one file once superseded; LatestJob's destructor waits for it, so
    // `this` outlives it. Progress calls still queued when the runner goes are dropped by Qt.
    job_.submit([this, root, layout](const std::atomic<bool>& stop) {
        Result result;
        result.root = root;
        result.layout = layout;
        ScanControl control;
        control.stop = &stop;
        control.progress = [this](const ScanProgress& progress) {
            const auto checked = static_cast<qint64>(progress.checked), total = static_cast<qint64>(progress.total);
            QMetaObject::invokeMethod(
                this, [this, checked, total] { Q_EMIT this->progress(checked, total); }, Qt::QueuedConnection);
        };
        try {
            result.dataset = std::make_shared<const Dataset>(scanDataset(root, layout, control));
        } catch (const std::exception& error) {
            result.error = QString::fromStdString(error.what());
        } catch (...) {
            result.error = QStringLiteral("unexpected error while scanning the folder");
        }
        return result;
    });
    if (!wasScanning) Q_EMIT busyChanged(true);
}

}  // namespace tl::ui
