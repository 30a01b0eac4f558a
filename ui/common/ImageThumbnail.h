#pragma once
#include <QImage>
#include <QString>

namespace tl::ui {

/// `file` read at most `side` x `side` pixels, aspect kept, EXIF orientation applied; a null
/// image when it cannot be read. JPEGs are scaled while they are decoded (far cheaper than a
/// full decode). `file` may run through a zip archive (`train.zip/train/cat.0.jpg`).
/// Any thread (QImage only).
QImage readThumbnail(const QString& file, int side);

}  // namespace tl::ui
