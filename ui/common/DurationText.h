#pragma once
#include <QString>
#include <algorithm>

namespace tl::ui {

/// A wall time as a student reads it: "42 s", "3 min 5 s", "1 h 12 min" (rounded to the second).
inline QString durationText(double seconds) {
    const auto total = static_cast<qint64>(std::max(0.0, seconds) + 0.5);
    if (total >= 3600) return QStringLiteral("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60);
    if (total >= 60) return QStringLiteral("%1 min %2 s").arg(total / 60).arg(total % 60);
    return QStringLiteral("%1 s").arg(total);
}

}  // namespace tl::ui
