#pragma once
#include <string_view>

namespace tl {

/// Transfer Lab's version ("0.1.0"), the project's VERSION in the top-level CMakeLists.txt: what
/// the window's About box and `transferlab-cli --version` show.
std::string_view version();

}  // namespace tl
