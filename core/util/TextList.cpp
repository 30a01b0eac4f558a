#include "core/util/TextList.h"

namespace tl {

std::string commaList(const std::vector<std::string>& items) {
    std::string list;
    for (const auto& item : items) list += (list.empty() ? "" : ", ") + item;
    return list;
}

}  // namespace tl
