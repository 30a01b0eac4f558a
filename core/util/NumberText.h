#pragma once
#include <string>

namespace tl {

/// "82.5%" for 0.825: an accuracy as a student reads it, one decimal.
std::string percentText(double fraction);

/// A wall time as a student reads it: "42 s", "3 min 5 s", "1 h 12 min" (rounded to the second).
std::string durationText(double seconds);

}  // namespace tl
