#pragma once
#include <QFutureWatcher>
#include <QList>
#include <QPair>
#include <QWidget>
#include <memory>
#include <string>

class QGridLayout;
class QLabel;
class QPushButton;

namespace tl::ui {

/// "What does the pretrained network see?": an image dropped here (or chosen) goes through the
/// backbone with its own ImageNet classifier and pretrained weights, top included, and the five
/// most probable of the 1000 ImageNet classes are shown with their probabilities. It shows what
/// the convolutional base already knows before any transfer learning. The classifier is built
/// and its weights loaded off the GUI thread, once per backbone and weights setting; one image is
/// classified at a time and the latest request waits for the one in flight. GUI thread only.
class ImagenetProbe : public QWidget {
    Q_OBJECT
public:
    explicit ImagenetProbe(QWidget* parent = nullptr);
    /// Waits for a classification in flight.
    ~ImagenetProbe() override;

    /// The backbone and weights setting to classify with: "imagenet" (the published file with the
    /// top, if it is on this machine) or a weights file holding the classifier; "random" cannot.
    void setModel(const std::string& backbone, const std::string& weights);
    /// Classifies an image file (after the one in flight, if any).
    void classifyImage(const QString& file);

    bool isBusy() const { return static_cast<bool>(watcher_); }
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
    void start();
    void onFinished();
    void showResults();

    QLabel* intro_;
    QLabel* image_;
    QPushButton* chooseButton_;
    QPushButton* downloadButton_;
    QLabel* status_;
    QGridLayout* rows_;
    std::string backbone_ = "vgg16";
    std::string weights_ = "imagenet";
    QString pendingImage_;                ///< to classify once the one in flight ends
    QString lastImage_;                   ///< the last image classified, for a retry
    bool weightsMissing_ = false;         ///< the last classification lacked the weights file
    QList<QPair<QString, double>> results_;
    /// The loaded classifier; only the one task in flight touches it.
    std::shared_ptr<Cache> cache_;
    std::unique_ptr<QFutureWatcher<std::shared_ptr<Outcome>>> watcher_;
};

}  // namespace tl::ui
