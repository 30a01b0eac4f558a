#include "ui/common/DroppedFiles.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QMimeData>
#include <QUrl>

#include "core/data/ImageDecoder.h"

namespace tl::ui {
namespace {

bool isImageFile(const QFileInfo& info) {
    return info.isFile() && tl::ImageDecoder::hasImageExtension(info.fileName().toStdString());
}

}  // namespace

QStringList droppedImageFiles(const QMimeData* mime, int limit) {
    QStringList files;
    if (mime == nullptr || !mime->hasUrls()) return files;
    for (const auto& url : mime->urls()) {
        if (!url.isLocalFile()) continue;
        const QFileInfo info(url.toLocalFile());
        if (isImageFile(info)) {
            files.append(info.absoluteFilePath());
        } else if (info.isDir()) {
            QStringList inFolder;
            QDirIterator it(info.absoluteFilePath(), QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext() && inFolder.size() < limit) {
                const QFileInfo found(it.next());
                if (isImageFile(found)) inFolder.append(found.absoluteFilePath());
            }
            inFolder.sort();
            files.append(inFolder);
        }
        if (files.size() >= limit) break;
    }
    return files.mid(0, limit);
}

QString droppedDataset(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1 || !mime->urls().constFirst().isLocalFile()) return {};
    const QFileInfo info(mime->urls().constFirst().toLocalFile());
    return info.isDir() || isZipArchive(info) ? info.absoluteFilePath() : QString();
}

bool isZipArchive(const QFileInfo& info) {
    return info.isFile() && info.suffix().compare(QStringLiteral("zip"), Qt::CaseInsensitive) == 0;
}

}  // namespace tl::ui
