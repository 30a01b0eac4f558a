#pragma once
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <filesystem>
#include <memory>
#include <optional>

#include "core/data/Dataset.h"

namespace tl::ui {

/// Runs core's scanDataset() off the GUI thread, one scan at a time.
///
/// A scan asked for while another runs supersedes it: the running one cannot be interrupted
/// (core has no cancel), so its result is dropped and the newest request starts when it ends;
/// requests in between are forgotten. Only the newest request's result is reported.
/// Thread rules: use from the GUI thread; signals are emitted there. A runner destroyed mid-scan
/// lets the scan finish in the global thread pool and drops its result.
class DatasetScanRunner : public QObject {
    Q_OBJECT
public:
    struct Result {
        std::filesystem::path root;
        DatasetLayout layout = DatasetLayout::Auto;     ///< as requested
        std::shared_ptr<const Dataset> dataset;         ///< null on error
        QString error;                                  ///< core's message, empty on success
    };

    explicit DatasetScanRunner(QObject* parent = nullptr);

    void scan(const std::filesystem::path& root, DatasetLayout layout);
    bool isScanning() const { return running_; }

Q_SIGNALS:
    void busyChanged(bool busy);
    /// The result of the newest request (success or error).
    void finished(const tl::ui::DatasetScanRunner::Result& result);

private:
    struct Request {
        std::filesystem::path root;
        DatasetLayout layout = DatasetLayout::Auto;
    };
    void startNext();
    void onWatcherFinished();

    QFutureWatcher<Result> watcher_;
    std::optional<Request> next_;
    bool running_ = false;
};

}  // namespace tl::ui
