#include "ui/evaluate/FeatureMapView.h"

#include <QLabel>
#include <QPixmap>
#include <QScrollArea>
#include <QVBoxLayout>

#include "ui/common/ImageConversion.h"

namespace tl::ui {
namespace {

constexpr int kColumns = 8;
constexpr int kTile = 72;  ///< pixels per map: a 6x6 map's cells stay visible squares

}  // namespace

FeatureMapView::FeatureMapView(QWidget* parent) : QWidget(parent), caption_(new QLabel), grid_(new QLabel) {
    grid_->setObjectName(QStringLiteral("FeatureMaps"));
    grid_->setAlignment(Qt::AlignCenter);
    caption_->setObjectName(QStringLiteral("FeatureMapsCaption"));
    caption_->setWordWrap(true);
    auto* scroll = new QScrollArea;
    scroll->setWidget(grid_);
    scroll->setWidgetResizable(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(caption_);
    layout->addWidget(scroll, 1);
}

void FeatureMapView::setMaps(const QImage& mosaic, const QString& text) {
    mosaic_ = mosaic;
    grid_->setPixmap(QPixmap::fromImage(mosaic));
    caption_->setText(text);
}

QString FeatureMapView::text() const {
    return caption_->text();
}

QImage FeatureMapView::picture(const tl::FeatureMaps& maps) {
    return toQImage(tl::featureMapMosaic(maps, kColumns, kTile));
}

QString FeatureMapView::describe(const tl::FeatureMaps& maps) {
    return tr("Layer %1: the %2 most active of its %3 channels, %4x%5 each, most active first; each scaled on its own "
              "(dark: nothing, yellow: its strongest).")
        .arg(QString::fromStdString(maps.layer))
        .arg(maps.shown())
        .arg(maps.channels)
        .arg(maps.width)
        .arg(maps.height);
}

}  // namespace tl::ui
