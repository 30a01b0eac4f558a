#include "ui/common/ImageThumbnail.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImageReader>
#include <optional>

#include "core/data/ImageDecoder.h"
#include "core/util/Error.h"
#include "ui/common/PathText.h"

namespace tl::ui {

QImage readThumbnail(const QString& file, int side) {
    QByteArray archived;
    QBuffer buffer(&archived);
    QImageReader reader;
    if (QFileInfo(file).isFile()) {
        reader.setFileName(file);
    } else {
        try {
            const auto bytes = tl::readArchivedFile(toPath(file));
            if (!bytes) return {};
            archived = QByteArray(bytes->data(), static_cast<qsizetype>(bytes->size()));
        } catch (const tl::Error&) {
            return {};
        }
        buffer.open(QIODevice::ReadOnly);
        reader.setDevice(&buffer);
    }
    reader.setAutoTransform(true);
    const QSize original = reader.size();
    if (original.isValid()) reader.setScaledSize(original.scaled(side, side, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (!image.isNull() && (image.width() > side || image.height() > side)) {
        image = image.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    return image;
}

}  // namespace tl::ui
