#pragma once
#include <QImage>
#include <QString>
#include <QWidget>

#include "core/inference/FeatureMaps.h"

class QLabel;

namespace tl::ui {

/// The Predict tab's "Feature maps" page: what one layer computed for the shown image, as a
/// scrollable grid of its channels (featureMapMosaic) under a line saying what it shows. GUI
/// thread only, except picture() and describe(), which any thread may call.
class FeatureMapView : public QWidget {
    Q_OBJECT
public:
    explicit FeatureMapView(QWidget* parent = nullptr);

    /// The grid, and the line that says what it shows (or why there is no grid).
    void setMaps(const QImage& mosaic, const QString& text);
    QImage image() const { return mosaic_; }
    QString text() const;

    /// The mosaic of `maps` as an image, and its line ("Layer block4_conv2: the 64 most active of
    /// its 512 channels, …"). Pure: for the job that computes the maps.
    static QImage picture(const tl::FeatureMaps& maps);
    static QString describe(const tl::FeatureMaps& maps);

private:
    QLabel* caption_;
    QLabel* grid_;
    QImage mosaic_;
};

}  // namespace tl::ui
