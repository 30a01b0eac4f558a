#pragma once
#include <QObject>
#include <QString>
#include <filesystem>
#include <memory>

#include "core/data/Dataset.h"
#include "ui/common/LatestJob.h"

namespace tl::ui {

/// Runs core's scanDataset() off the GUI thread, one scan at a time.
///
/// A scan asked for while another runs supersedes it: the running one is stopped (within one
/// file, through core's ScanControl) and the newest request starts when it ends; requests in
/// between are forgotten. Only the newest request's result is reported.
/// Thread rules: use from the GUI thread; signals are emitted there. A runner destroyed mid-scan
/// stops the scan and waits for it.
class DatasetScanRunner : public QObject {
    Q_OBJECT
public:
    struct Result {
        std::filesystem::path root;
        DatasetLayout layout = DatasetLayout::Auto;  ///< as requested
        std::shared_ptr<const Dataset> dataset;      ///< null on error
        QString error;                               ///< core's message, empty on success
    };

    explicit DatasetScanRunner(QObject* parent = nullptr);

    void scan(const std::filesystem::path& root, DatasetLayout layout);
    bool isScanning() const { return job_.isBusy(); }

Q_SIGNALS:
    void busyChanged(bool busy);
    /// Image files checked so far of those found, for the scan running now.
    void progress(qint64 checked, qint64 total);
    /// The result of the newest request (success or error).
    void finished(const tl::ui::DatasetScanRunner::Result& result);

private:
    LatestJob<Result> job_;
};

}  // namespace tl::ui
