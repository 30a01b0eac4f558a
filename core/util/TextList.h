#pragma once
#include <string>
#include <vector>

namespace tl {

/// "a, b, c": names for a message or a usage line ("" for none).
std::string commaList(const std::vector<std::string>& items);

}  // namespace tl
