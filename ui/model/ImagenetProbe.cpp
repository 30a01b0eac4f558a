#include "ui/model/ImagenetProbe.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/inference/ImagenetClassifier.h"
#include "core/util/UserMessage.h"
#include "core/weights/WeightsLookup.h"
#include "ui/common/ImageThumbnail.h"
#include "ui/common/InlineMessage.h"
#include "ui/common/PathText.h"

namespace tl::ui {

/// The classifier the last task loaded, and for what.
struct ImagenetProbe::Cache {
    std::string backbone;
    std::string weights;
    std::unique_ptr<tl::ImagenetClassifier> classifier;
};

/// What one classification gave.
struct ImagenetProbe::Outcome {
    QString image;
    tl::ImagenetPrediction prediction;
    QString weightsText;          ///< what was loaded, for the status line
    QString error;                ///< the classifier could not be built
    bool weightsMissing = false;  ///< "imagenet", and the file with the classifier is not here
};

namespace {

constexpr int kShown = 5;
constexpr int kThumbnail = 160;

/// The single local file in a drop, or "".
QString droppedFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1 || !mime->urls().constFirst().isLocalFile()) return {};
    const QFileInfo info(mime->urls().constFirst().toLocalFile());
    return info.isFile() ? info.absoluteFilePath() : QString();
}

QString messageFor(const std::string& text) {
    return QString::fromStdString(tl::userMessage(text));
}

}  // namespace

ImagenetProbe::ImagenetProbe(QWidget* parent)
    : QWidget(parent),
      intro_(new QLabel),
      image_(new QLabel),
      chooseButton_(new QPushButton(tr("Choose &Image…"))),
      downloadButton_(new QPushButton(tr("&Download Weights with the Classifier"))),
      status_(new InlineMessage),
      rows_(new QGridLayout),
      cache_(std::make_shared<Cache>()),
      jobs_([this](const std::shared_ptr<Outcome>& outcome) { onFinished(outcome); }) {
    setAcceptDrops(true);
    intro_->setWordWrap(true);
    showIntro();
    image_->setFixedSize(kThumbnail, kThumbnail);
    image_->setAlignment(Qt::AlignCenter);
    image_->setFrameShape(QFrame::StyledPanel);
    image_->setText(tr("Drop an image"));
    chooseButton_->setToolTip(tr("Pick an image file to classify into the ImageNet classes"));
    downloadButton_->setToolTip(
        tr("Fetch the backbone's ImageNet file that includes its classifier (Keras publishes "
           "it apart from the file without the top); the image is classified again after."));
    downloadButton_->setObjectName(QStringLiteral("downloadTopWeights"));
    downloadButton_->hide();
    status_->setObjectName(QStringLiteral("probeStatus"));

    auto* top = new QHBoxLayout;
    top->addWidget(image_);
    auto* side = new QVBoxLayout;
    side->addLayout(rows_);
    side->addStretch(1);
    side->addWidget(chooseButton_, 0, Qt::AlignLeft);
    top->addLayout(side, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro_);
    layout->addLayout(top);
    layout->addWidget(status_);
    layout->addWidget(downloadButton_, 0, Qt::AlignLeft);
    layout->addStretch(1);
    connect(chooseButton_, &QPushButton::clicked, this, &ImagenetProbe::chooseImage);
    connect(downloadButton_, &QPushButton::clicked, this, [this] {
        downloadButton_->hide();
        status_->showMessage(
            InlineMessage::Kind::Info,
            tr("Downloading; the progress shows under Weights. The image is classified again when it ends."));
        Q_EMIT downloadRequested();
    });
}

ImagenetProbe::~ImagenetProbe() = default;

void ImagenetProbe::showIntro() {
    // mini_vgg, the lesson's backbone, learned the lesson's generated shapes instead of ImageNet.
    intro_->setText(backbone_ == "mini_vgg"
                        ? tr("Drop an image here to see which of the lesson's 60 generated shape classes the "
                             "pretrained mini_vgg, with its own classifier, finds in it. This is what the "
                             "convolutional base already knows before any transfer learning: a generated cat or "
                             "dog face comes out as the shapes it is made of.")
                        : tr("Drop an image here to see which of the 1000 ImageNet classes the pretrained network, "
                             "with its own classifier, finds in it. This is what the convolutional base already "
                             "knows before any transfer learning: a dog or a cat photo usually comes out as a "
                             "breed."));
}

void ImagenetProbe::setModel(const std::string& backbone, const std::string& weights) {
    backbone_ = backbone;
    weights_ = weights;
    showIntro();
    // After a download (or any change of weights), try the image that lacked them again.
    if (weightsMissing_ && !lastImage_.isEmpty() && !jobs_.isBusy()) classifyImage(lastImage_);
}

QString ImagenetProbe::message() const {
    return status_->text();
}

bool ImagenetProbe::offersDownload() const {
    return !downloadButton_->isHidden();
}

void ImagenetProbe::classifyImage(const QString& file) {
    lastImage_ = file;
    const auto thumbnail = readThumbnail(file, kThumbnail);
    if (thumbnail.isNull())
        image_->setText(QFileInfo(file).fileName());
    else
        image_->setPixmap(QPixmap::fromImage(thumbnail));
    status_->showMessage(InlineMessage::Kind::Info,
                         tr("Classifying with %1 and its own classifier…").arg(QString::fromStdString(backbone_)));
    // Only this job touches the cache: LatestJob runs one at a time.
    jobs_.submit([cache = cache_, backbone = backbone_, weights = weights_, image = file](const std::atomic<bool>&) {
        auto outcome = std::make_shared<Outcome>();
        outcome->image = image;
        try {
            if (!cache->classifier || cache->backbone != backbone || cache->weights != weights) {
                cache->classifier.reset();  // free the old network before loading the next
                tl::ImagenetClassifierOptions options;
                options.backbone = backbone;
                options.weights = weights;
                cache->classifier = std::make_unique<tl::ImagenetClassifier>(options);
                cache->backbone = backbone;
                cache->weights = weights;
            }
            outcome->prediction = cache->classifier->classify(toPath(image), kShown);
            const auto& report = cache->classifier->weights();
            outcome->weightsText =
                QString::fromStdString(report.source + " weights, " + report.file.filename().string() + ", " +
                                       std::string(toString(cache->classifier->preprocessing())) + " preprocessing");
        } catch (const tl::WeightsNotFound& error) {
            outcome->weightsMissing = true;
            outcome->error = QString::fromStdString(tl::userMessage(error));
        } catch (const std::exception& error) {
            cache->classifier.reset();
            outcome->error = QString::fromStdString(tl::userMessage(error));
        }
        return outcome;
    });
}

void ImagenetProbe::chooseImage() {
    const auto start = lastImage_.isEmpty() ? imageFolder_ : QFileInfo(lastImage_).absolutePath();
    const auto file = QFileDialog::getOpenFileName(this, tr("Image to Classify"), start,
                                                   tr("Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp)"));
    if (!file.isEmpty()) classifyImage(file);
}

void ImagenetProbe::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedFile(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void ImagenetProbe::dropEvent(QDropEvent* event) {
    const auto file = droppedFile(event->mimeData());
    if (file.isEmpty()) return;
    event->acceptProposedAction();
    classifyImage(file);
}

void ImagenetProbe::onFinished(const std::shared_ptr<Outcome>& outcome) {
    results_.clear();
    weightsMissing_ = outcome->weightsMissing;
    downloadButton_->setVisible(weightsMissing_);
    if (!outcome->error.isEmpty()) {
        status_->showMessage(outcome->weightsMissing ? InlineMessage::Kind::Warning : InlineMessage::Kind::Error,
                             outcome->error);
    } else if (!outcome->prediction.error.empty()) {
        status_->showMessage(InlineMessage::Kind::Error, messageFor(outcome->prediction.error));
    } else {
        for (const auto& score : outcome->prediction.top) {
            results_.append({QString::fromStdString(score.label), score.probability});
        }
        status_->showMessage(InlineMessage::Kind::Info,
                             tr("%1: %2").arg(QString::fromStdString(backbone_), outcome->weightsText));
    }
    showResults();
    Q_EMIT classified();
}

void ImagenetProbe::showResults() {
    while (auto* item = rows_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (int row = 0; row < results_.size(); ++row) {
        auto* name = new QLabel(results_[row].first);
        auto* bar = new QProgressBar;
        bar->setRange(0, 1000);
        bar->setValue(static_cast<int>(results_[row].second * 1000.0 + 0.5));
        const double percent = results_[row].second * 100.0;
        bar->setFormat(percent < 0.05 ? tr("< 0.1 %") : QStringLiteral("%1 %").arg(percent, 0, 'f', 1));
        bar->setToolTip(tr("Probability the network gives to '%1'").arg(results_[row].first));
        rows_->addWidget(name, row, 0);
        rows_->addWidget(bar, row, 1);
    }
}

}  // namespace tl::ui
