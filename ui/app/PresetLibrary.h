#pragma once
#include <QString>
#include <QStringList>

#include "core/training/Experiment.h"

namespace tl::ui {

/// The five experiments of the lecture (resources/presets, compiled into the program).
class PresetLibrary {
public:
    /// Resource paths of the presets, in the lecture's order.
    static QStringList presetFiles();
    /// "1 · From scratch" style titles for menus, in the same order.
    static QString title(const QString& presetFile);
    /// Parses a preset. Throws tl::Error naming the preset and the field when it is malformed.
    static tl::Experiment load(const QString& presetFile);
};

}  // namespace tl::ui
