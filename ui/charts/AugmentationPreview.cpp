#include "ui/charts/AugmentationPreview.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>
#include <exception>

#include "core/data/ImageDecoder.h"
#include "core/util/Error.h"
#include "ui/common/ImageConversion.h"
#include "ui/common/PathText.h"

namespace tl::ui {
namespace {

QString describe(const tl::AugmentationTransform& t) {
    // Keras' tx is the shift along rows (vertical), ty along columns (horizontal).
    return AugmentationPreview::tr("rotation %1°, shift %2 px right, %3 px down, shear %4°, zoom %5 × %6%7")
        .arg(t.thetaDegrees, 0, 'f', 1)
        .arg(-t.ty, 0, 'f', 1)
        .arg(-t.tx, 0, 'f', 1)
        .arg(t.shearDegrees, 0, 'f', 1)
        .arg(t.zy, 0, 'f', 2)
        .arg(t.zx, 0, 'f', 2)
        .arg(t.flipHorizontal ? AugmentationPreview::tr(", flipped") : QString());
}

QLabel* createImageLabel() {
    auto* label = new QLabel;
    label->setFixedSize(AugmentationPreview::kTilePixels, AugmentationPreview::kTilePixels);
    label->setAlignment(Qt::AlignCenter);
    label->setFrameShape(QFrame::StyledPanel);
    return label;
}

void setImage(QLabel* label, const QImage& image) {
    label->setPixmap(
        QPixmap::fromImage(image).scaled(label->contentsRect().size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

}  // namespace

AugmentationPreview::AugmentationPreview(QWidget* parent)
    : QWidget(parent),
      renders_([this](const Result& result) { finishRender(result); },
               [this](const Result& result) { keepDecodedSource(result); }) {
    imagesArea_ = new QWidget;
    auto* imagesRow = new QHBoxLayout(imagesArea_);
    imagesRow->setContentsMargins(0, 0, 0, 0);
    auto* sourceColumn = new QVBoxLayout;
    sourceLabel_ = createImageLabel();
    sourceCaption_ = new QLabel;
    sourceCaption_->setWordWrap(true);
    sourceCaption_->setMaximumWidth(kTilePixels);
    sourceColumn->addWidget(new QLabel(tr("Original")));
    sourceColumn->addWidget(sourceLabel_);
    sourceColumn->addWidget(sourceCaption_);
    sourceColumn->addStretch(1);
    imagesRow->addLayout(sourceColumn);
    imagesRow->addSpacing(12);
    auto* tileColumn = new QVBoxLayout;
    tileColumn->addWidget(new QLabel(tr("Augmented, as training sees them (hover for the drawn transform)")));
    auto* grid = new QGridLayout;
    for (int i = 0; i < kTileCount; ++i) {
        tiles_.append(createImageLabel());
        grid->addWidget(tiles_.back(), i / 4, i % 4);
    }
    tileColumn->addLayout(grid);
    tileColumn->addStretch(1);
    imagesRow->addLayout(tileColumn);
    imagesRow->addStretch(1);

    messageLabel_ = new QLabel;
    messageLabel_->setWordWrap(true);
    messageLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    nextButton_ = new QPushButton(tr("Next image"));
    nextButton_->setToolTip(tr("Preview the next image of the training set."));
    reshuffleButton_ = new QPushButton(tr("Reshuffle"));
    reshuffleButton_->setToolTip(tr("Draw new random transforms, as a new epoch would."));
    connect(nextButton_, &QPushButton::clicked, this, &AugmentationPreview::showNextImage);
    connect(reshuffleButton_, &QPushButton::clicked, this, &AugmentationPreview::reshuffle);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(nextButton_);
    buttons->addWidget(reshuffleButton_);
    buttons->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(messageLabel_);
    layout->addWidget(imagesArea_);
    layout->addLayout(buttons);
    layout->addStretch(1);

    debounce_.setSingleShot(true);
    connect(&debounce_, &QTimer::timeout, this, &AugmentationPreview::startRender);
    showMessage(tr("No images to preview: choose a dataset first."));
}

void AugmentationPreview::setImages(std::vector<std::filesystem::path> candidates) {
    candidates_ = std::move(candidates);
    imageIndex_ = 0;
    source_.reset();
    ++imagesGeneration_;
    scheduleRender(0);
}

void AugmentationPreview::setParameters(const tl::AugmentationParams& params, std::uint64_t seed) {
    params_ = params;
    seed_ = seed;
    try {
        tl::Augmenter check(params, seed);  // validates; cheap
        paramsError_.clear();
    } catch (const tl::Error& error) {
        paramsError_ = QString::fromStdString(error.what());
        debounce_.stop();
        showMessage(tr("Invalid augmentation parameters: %1").arg(paramsError_));
        return;
    }
    scheduleRender(kDebounceMs);
}

void AugmentationPreview::setImageSize(tl::ImageSize size) {
    if (size == imageSize_ || size.width <= 0 || size.height <= 0) return;
    imageSize_ = size;
    source_.reset();
    ++imagesGeneration_;
    scheduleRender(0);
}

void AugmentationPreview::showNextImage() {
    if (candidates_.empty()) return;
    imageIndex_ = (imageIndex_ + 1) % candidates_.size();
    source_.reset();
    ++imagesGeneration_;
    scheduleRender(0);
}

void AugmentationPreview::reshuffle() {
    ++shuffle_;
    scheduleRender(0);
}

void AugmentationPreview::scheduleRender(int delayMs) {
    // Restarted on every call: the render waits for `delayMs` of quiet (debounce).
    debounce_.start(delayMs);
}

void AugmentationPreview::startRender() {
    if (candidates_.empty()) {
        showMessage(tr("No images to preview: choose a dataset with at least one image."));
        return;
    }
    if (!paramsError_.isEmpty()) return;  // its message is already shown
    Job job{candidates_, imageIndex_, source_, imagesGeneration_, imageSize_, params_, seed_, shuffle_};
    renders_.submit([job = std::move(job)](const std::atomic<bool>&) { return render(job); });
}

AugmentationPreview::Result AugmentationPreview::render(const Job& job) {
    Result result;
    result.imagesGeneration = job.imagesGeneration;
    try {
        result.source = job.source;
        result.sourceIndex = job.startIndex;
        if (!result.source) {
            const tl::ImageDecoder decoder(job.imageSize);
            QString lastError;
            for (std::size_t k = 0; k < job.candidates.size() && !result.source; ++k) {
                const std::size_t index = (job.startIndex + k) % job.candidates.size();
                try {
                    result.source = std::make_shared<const tl::RgbImage>(decoder.decode(job.candidates[index]));
                    result.sourceIndex = index;
                } catch (const tl::Error& error) {
                    lastError = QString::fromStdString(error.what());
                }
            }
            if (!result.source) {
                result.error = tr("None of the %n image(s) could be decoded. Last error: %1", nullptr,
                                  static_cast<int>(job.candidates.size()))
                                   .arg(lastError);
                return result;
            }
        }
        const tl::Augmenter augmenter(job.params, job.seed);
        const tl::ImageSize size{result.source->width, result.source->height};
        for (int i = 0; i < kTileCount; ++i) {
            const auto transform = augmenter.drawTransform(size, tl::Augmenter::sampleKey(job.shuffle, i));
            // What apply() does, in two steps so the tile can name its transform. An identity
            // transform returns the source bit for bit.
            result.tiles.push_back(tl::Augmenter::applyTransform(*result.source, transform));
            result.transforms.push_back(transform);
        }
    } catch (const std::exception& error) {  // tl::Error, cv::Exception, std::bad_alloc
        result.tiles.clear();
        result.error = tr("Could not render the preview: %1").arg(QString::fromStdString(error.what()));
    }
    return result;
}

void AugmentationPreview::keepDecodedSource(const Result& result) {
    // Keep a decoded image as long as it is still the one asked for, even if the render is stale.
    if (result.source && result.imagesGeneration == imagesGeneration_ && !source_) {
        source_ = result.source;
        imageIndex_ = result.sourceIndex;
    }
}

void AugmentationPreview::finishRender(const Result& result) {
    keepDecodedSource(result);
    if (!paramsError_.isEmpty()) return;                 // invalid parameters arrived meanwhile: keep their message
    if (result.imagesGeneration != imagesGeneration_) {  // the images changed while this render ran
        if (!debounce_.isActive()) scheduleRender(0);
        return;
    }
    showResult(result);
}

void AugmentationPreview::showResult(const Result& result) {
    if (!result.error.isEmpty()) {
        showMessage(result.error);
        return;
    }
    message_.clear();
    messageLabel_->clear();
    messageLabel_->hide();
    sourceImage_ = toQImage(*result.source);
    setImage(sourceLabel_, sourceImage_);
    const std::filesystem::path& file = candidates_.at(result.sourceIndex);
    sourceCaption_->setText(toQString(file.filename()));
    sourceLabel_->setToolTip(toQString(file));
    tileImages_.clear();
    for (int i = 0; i < kTileCount; ++i) {
        tileImages_.append(toQImage(result.tiles[static_cast<std::size_t>(i)]));
        setImage(tiles_[i], tileImages_.back());
        tiles_[i]->setToolTip(describe(result.transforms[static_cast<std::size_t>(i)]));
    }
    imagesArea_->show();
    nextButton_->setEnabled(candidates_.size() > 1);
    reshuffleButton_->setEnabled(!params_.isIdentity());
    Q_EMIT rendered();
}

void AugmentationPreview::showMessage(const QString& text) {
    message_ = text;
    messageLabel_->setText(text);
    messageLabel_->show();
    imagesArea_->hide();
    sourceImage_ = QImage();
    tileImages_.clear();
    nextButton_->setEnabled(candidates_.size() > 1);
    reshuffleButton_->setEnabled(false);
    Q_EMIT rendered();
}

QString AugmentationPreview::parameterToolTip(Parameter parameter) {
    switch (parameter) {
        case Parameter::Rotation:
            return tr(
                "<b>rotation_range</b> (degrees): each image is turned by an angle drawn in "
                "[-r, r]. The lecture uses 40.");
        case Parameter::WidthShift:
            return tr(
                "<b>width_shift_range</b> (fraction of the width): each image moves sideways by "
                "up to r × width; uncovered pixels repeat the nearest edge. The lecture uses 0.2.");
        case Parameter::HeightShift:
            return tr(
                "<b>height_shift_range</b> (fraction of the height): each image moves up or down "
                "by up to r × height. The lecture uses 0.2.");
        case Parameter::Shear:
            return tr(
                "<b>shear_range</b> (degrees, Keras' unit): slants the image by an angle drawn in "
                "[-r, r]. The lecture uses 0.2 — a barely visible 0.2°.");
        case Parameter::Zoom:
            return tr(
                "<b>zoom_range</b>: width and height are each scaled by a factor drawn in "
                "[1-r, 1+r], independently (so the aspect ratio changes too). Must be below 1. "
                "The lecture uses 0.2.");
        case Parameter::HorizontalFlip:
            return tr(
                "<b>horizontal_flip</b>: mirrors half the images left-right — fine for cats and "
                "dogs, wrong for text or road signs.");
    }
    return {};
}

}  // namespace tl::ui
