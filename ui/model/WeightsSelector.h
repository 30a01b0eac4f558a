#pragma once
#include <QWidget>
#include <atomic>
#include <memory>
#include <string>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

#include "ui/common/LatestJob.h"

namespace tl::ui {

class InlineMessage;

/// Chooses a model's starting weights: ImageNet (with whether the file is on this machine and
/// where, and a download with a progress bar when it is not), a weights file, or random. Speaks
/// the experiment's `weights` setting: "imagenet", "random" or a file path. GUI thread only; the
/// download runs on Qt's thread pool and reports back through queued calls.
class WeightsSelector : public QWidget {
    Q_OBJECT
public:
    explicit WeightsSelector(QWidget* parent = nullptr);
    /// Stops a download in progress and waits for it.
    ~WeightsSelector() override;

    void setWeights(const std::string& weights);
    std::string weights() const;
    /// The experiment's weights_strict: false loads only the tensors of a file that fit.
    void setStrict(bool strict);
    bool strict() const;
    /// The backbone whose ImageNet file the status line looks for.
    void setBackbone(const std::string& backbone);
    bool isDownloading() const { return downloads_.isBusy(); }

public Q_SLOTS:
    /// Downloads the backbone's ImageNet file into the app's cache (resuming an earlier attempt);
    /// `includeTop`: Keras' file with the classifier (torchvision's file always has it).
    void startDownload(bool includeTop = false);
    /// Copies an ImageNet weights file obtained by hand into the app's cache, recognised by its
    /// name or digest (importWeightsFile); the status says what it became or why it was refused.
    void importFile(const QString& file);
    /// Stops the download within about a second; the bytes received are kept for the next attempt.
    void cancelDownload();

Q_SIGNALS:
    void weightsChanged();

private:
    struct DownloadOutcome;
    void chooseFile();
    void chooseFileToImport();
    void updateStatus();
    void onDownloadProgress(double fraction, const QString& text);
    void onDownloadFinished(const std::shared_ptr<DownloadOutcome>& outcome);

    QComboBox* kind_;
    QLineEdit* file_;
    QPushButton* browse_;
    InlineMessage* status_;
    QPushButton* downloadButton_;
    QPushButton* importButton_;
    QCheckBox* nonStrict_;
    QProgressBar* downloadProgress_;
    std::string backbone_;
    bool importing_ = false;  ///< the job running is an import, not a download
    /// One download at a time; its stop flag is the Cancel button. Last member: destroyed (and
    /// waited for) first.
    LatestJob<std::shared_ptr<DownloadOutcome>> downloads_;
};

}  // namespace tl::ui
