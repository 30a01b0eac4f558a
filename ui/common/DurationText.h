#pragma once
#include <QString>

#include "core/util/NumberText.h"

namespace tl::ui {

/// tl::durationText() as a QString: "42 s", "3 min 5 s", "1 h 12 min".
inline QString durationText(double seconds) {
    return QString::fromStdString(tl::durationText(seconds));
}

/// tl::percentText() as a QString: "82.5%" for 0.825.
inline QString percentText(double fraction) {
    return QString::fromStdString(tl::percentText(fraction));
}

}  // namespace tl::ui
