#pragma once
#include <QImage>

#include "core/data/RgbImage.h"

namespace tl::ui {

/// A deep copy of core's 8-bit RGB image as a QImage (the QImage owns its pixels).
inline QImage toQImage(const tl::RgbImage& image) {
    if (image.empty()) return {};
    return QImage(image.pixels.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888).copy();
}

}  // namespace tl::ui
