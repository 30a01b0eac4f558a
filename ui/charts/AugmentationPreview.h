#pragma once
#include <QImage>
#include <QList>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "core/data/Augmenter.h"
#include "core/data/RgbImage.h"
#include "ui/common/LatestJob.h"

class QLabel;
class QPushButton;

namespace tl::ui {

/// One source image and kTileCount augmented versions of it, made by core's Augmenter exactly as
/// training makes them (decoded at the model's input size, then augmented), so a student sees
/// what each Keras parameter does before training on it.
///
/// Decoding and augmenting run on Qt's global thread pool (QtConcurrent); a change of parameters
/// re-renders after kDebounceMs of quiet, so dragging a slider stays smooth. At most one render
/// runs at a time and only the newest request's render is shown. GUI thread only.
class AugmentationPreview : public QWidget {
    Q_OBJECT

public:
    static constexpr int kTileCount = 8;
    static constexpr int kDebounceMs = 100;
    static constexpr int kTilePixels = 150;  // shown size of each tile

    /// The six Keras ImageDataGenerator parameters, for parameterToolTip().
    enum class Parameter { Rotation, WidthShift, HeightShift, Shear, Zoom, HorizontalFlip };

    explicit AugmentationPreview(QWidget* parent = nullptr);

    /// The images to preview from; shows the first that decodes ("Next image" moves on).
    void setImages(std::vector<std::filesystem::path> candidates);
    /// Re-renders after kDebounceMs. Invalid parameters (tl::Error from Augmenter) show a message
    /// at once instead of images.
    void setParameters(const tl::AugmentationParams& params, std::uint64_t seed);
    /// The size images are decoded at (the model's input); default 150x150.
    void setImageSize(tl::ImageSize size);

    /// What is shown now: empty images while a message is shown.
    QImage sourceImage() const { return sourceImage_; }
    QList<QImage> augmentedImages() const { return tileImages_; }
    /// The message shown instead of images (no images, none decodable, invalid parameters); empty
    /// when images are shown.
    QString message() const { return message_; }
    /// True when no render is waiting or running: what is shown matches the latest request.
    bool isUpToDate() const { return !debounce_.isActive() && !renders_.isBusy(); }

    /// Keras' name of the parameter, its unit and what it does, for the controls that set it.
    static QString parameterToolTip(Parameter parameter);

public Q_SLOTS:
    /// Moves to the next decodable image of the candidates, wrapping around.
    void showNextImage();
    /// Draws new random transforms (new sample keys) for the same image.
    void reshuffle();

Q_SIGNALS:
    /// Images or a message were shown.
    void rendered();

private:
    // What a render needs, copied to the worker thread (it never touches the widget).
    struct Job {
        std::vector<std::filesystem::path> candidates;
        std::size_t startIndex = 0;
        std::shared_ptr<const tl::RgbImage> source;  // null: decode from startIndex on
        std::uint64_t imagesGeneration = 0;
        tl::ImageSize imageSize;
        tl::AugmentationParams params;
        std::uint64_t seed = 0;
        int shuffle = 0;
    };
    struct Result {
        std::shared_ptr<const tl::RgbImage> source;
        std::size_t sourceIndex = 0;
        std::uint64_t imagesGeneration = 0;
        std::vector<tl::RgbImage> tiles;
        std::vector<tl::AugmentationTransform> transforms;
        QString error;  // set instead of images
    };
    static Result render(const Job& job);  // runs on a pool thread

    void scheduleRender(int delayMs);
    void startRender();
    void finishRender(const Result& result);
    /// A render made stale by a newer request: its decoded image may still be the one wanted.
    void keepDecodedSource(const Result& result);
    void showResult(const Result& result);
    void showMessage(const QString& text);

    std::vector<std::filesystem::path> candidates_;
    std::size_t imageIndex_ = 0;                  // the candidate shown, or the next one to try
    std::shared_ptr<const tl::RgbImage> source_;  // candidates_[imageIndex_] decoded; null: not yet
    std::uint64_t imagesGeneration_ = 0;          // bumped when source_ is dropped
    tl::ImageSize imageSize_{150, 150};
    tl::AugmentationParams params_;
    std::uint64_t seed_ = 0;
    QString paramsError_;  // empty when params_ is valid
    int shuffle_ = 0;      // the "epoch" of the sample keys; Reshuffle bumps it

    QTimer debounce_;

    QImage sourceImage_;
    QList<QImage> tileImages_;
    QString message_;
    QWidget* imagesArea_ = nullptr;
    QLabel* sourceLabel_ = nullptr;
    QLabel* sourceCaption_ = nullptr;
    QList<QLabel*> tiles_;
    QLabel* messageLabel_ = nullptr;
    QPushButton* nextButton_ = nullptr;
    QPushButton* reshuffleButton_ = nullptr;
    LatestJob<Result> renders_;  ///< last member: destroyed (and waited for) first
};

}  // namespace tl::ui
