#pragma once
#include <QList>
#include <QPair>
#include <QWidget>
#include <memory>
#include <string>

#include "ui/common/LatestJob.h"

class QGridLayout;
class QLabel;
class QPushButton;

namespace tl::ui {

class InlineMessage;

/// "What does the pretrained network see?": an image dropped here (or chosen) goes through the
/// backbone with its own ImageNet classifier and pretrained weights, top included, and the five
/// most probable of the 1000 ImageNet classes are shown with their probabilities. It shows what
/// the convolutional base already knows before any transfer learning. The classifier is built
/// and its weights loaded off the GUI thread, once per backbone and weights setting; one image is
/// classified at a time and only the newest image's result is shown. GUI thread only.
class ImagenetProbe : public QWidget {
    Q_OBJECT
public:
    explicit ImagenetProbe(QWidget* parent = nullptr);
    /// Waits for a classification in flight.
    ~ImagenetProbe() override;
    ImagenetProbe(const ImagenetProbe&) = delete;
    ImagenetProbe& operator=(const ImagenetProbe&) = delete;

    /// The backbone and weights setting to classify with: "imagenet" (the published file with the
    /// top, if it is on this machine) or a weights file holding the classifier; "random" cannot.
    void setModel(const std::string& backbone, const std::string& weights);
    /// Where "Choose Image…" starts: the dataset shown on the Data tab.
    void setImageFolder(const QString& folder) { imageFolder_ = folder; }
    /// Classifies an image file (after the one in flight, if any).
    void classifyImage(const QString& file);

    bool isBusy() const { return jobs_.isBusy(); }
    /// The classes shown, most probable first, with their probabilities; empty after an error.
    const QList<QPair<QString, double>>& results() const { return results_; }
    /// The status line: what was loaded, or why nothing could be classified.
    QString message() const;
    /// True when the ImageNet file with the classifier is not on this machine and the probe
    /// offers to download it.
    bool offersDownload() const;

Q_SIGNALS:
    /// A classification finished: results() or message() tell how.
    void classified();
    /// The user asked for the backbone's ImageNet file with its classifier. Once the weights
    /// change (setModel() again), the last image is classified again.
    void downloadRequested();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct Cache;
    struct Outcome;
    void chooseImage();
    void onFinished(const std::shared_ptr<Outcome>& outcome);
    void showResults();

    /// What the drop target explains, for the current backbone.
    void showIntro();

    QLabel* intro_;
    QLabel* image_;
    QPushButton* chooseButton_;
    QPushButton* downloadButton_;
    InlineMessage* status_;
    QGridLayout* rows_;
    std::string backbone_ = "vgg16";
    std::string weights_ = "imagenet";
    QString imageFolder_;
    QString lastImage_;            ///< the last image classified, for a retry
    bool weightsMissing_ = false;  ///< the last classification lacked the weights file
    QList<QPair<QString, double>> results_;
    /// The loaded classifier; only the one task in flight touches it.
    std::shared_ptr<Cache> cache_;
    LatestJob<std::shared_ptr<Outcome>> jobs_;  ///< last member: destroyed (and waited for) first
};

}  // namespace tl::ui
