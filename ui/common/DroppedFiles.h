#pragma once
#include <QStringList>

class QMimeData;

namespace tl::ui {

/// The image files a drop (or a paste) names: local files with an image extension, and the image
/// files inside dropped folders (their subfolders too), sorted, at most `limit` in all. Other
/// files and remote URLs are left out.
QStringList droppedImageFiles(const QMimeData* mime, int limit = 500);

}  // namespace tl::ui
