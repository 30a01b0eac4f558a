#pragma once
#include <QImage>
#include <QListWidget>
#include <QStringList>
#include <vector>

#include "core/evaluation/ImageOutcome.h"

namespace tl::ui {

/// The wrong predictions of an evaluation as thumbnails, most confidently wrong first, each
/// captioned "cat → dog 97%". Double-click (or Enter) on one to open it in the prediction view.
/// GUI thread only; thumbnails are made elsewhere (makeThumbnails) and handed over.
class MisclassifiedGallery : public QListWidget {
    Q_OBJECT
public:
    static constexpr int kThumbnailSide = 96;

    explicit MisclassifiedGallery(QWidget* parent = nullptr);

    /// `wrong` as mostConfidentlyWrong() orders it; `thumbnails` one per entry (a null image draws
    /// a blank tile). `totalWrong` counts every wrong image, shown or not.
    void setImages(const std::vector<tl::ImageOutcome>& wrong, const QList<QImage>& thumbnails,
                   const QStringList& classes, int totalWrong);
    /// The file of entry `row`.
    QString fileAt(int row) const;

    /// Loads and shrinks the images of `outcomes` to kThumbnailSide. Any thread (QImage only).
    static QList<QImage> makeThumbnails(const std::vector<tl::ImageOutcome>& outcomes);

Q_SIGNALS:
    /// The user opened one of the images.
    void imageActivated(const QString& file);
};

}  // namespace tl::ui
