#pragma once
#include <QStringList>

class QFileInfo;
class QMimeData;

namespace tl::ui {

/// The image files a drop (or a paste) names: local files with an image extension, and the image
/// files inside dropped folders (their subfolders too), sorted, at most `limit` in all. Other
/// files and remote URLs are left out.
QStringList droppedImageFiles(const QMimeData* mime, int limit = 500);

/// A dataset folder or zip archive (a data set read without unpacking it) named by a drop of one
/// local item; an empty string for anything else.
QString droppedDataset(const QMimeData* mime);

/// A regular file named *.zip (any case): a data set a scan reads in place.
bool isZipArchive(const QFileInfo& info);

}  // namespace tl::ui
