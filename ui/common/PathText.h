#pragma once
#include <QString>
#include <filesystem>

namespace tl::ui {

/// A filesystem path as text for the user (UTF-8 on Linux).
inline QString toQString(const std::filesystem::path& path) {
    return QString::fromStdString(path.string());
}

/// Text typed or chosen by the user as a filesystem path.
inline std::filesystem::path toPath(const QString& text) {
    return std::filesystem::path(text.toStdString());
}

}  // namespace tl::ui
