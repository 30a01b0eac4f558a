#include "core/util/NumberText.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tl {

std::string percentText(double fraction) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", fraction * 100);
    return text;
}

std::string durationText(double seconds) {
    const auto total = static_cast<long long>(std::lround(std::max(0.0, seconds)));
    if (total >= 3600) return std::to_string(total / 3600) + " h " + std::to_string(total % 3600 / 60) + " min";
    if (total >= 60) return std::to_string(total / 60) + " min " + std::to_string(total % 60) + " s";
    return std::to_string(total) + " s";
}

}  // namespace tl
