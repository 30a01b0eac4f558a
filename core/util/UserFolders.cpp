#include "core/util/UserFolders.h"

#include <cstdlib>

namespace tl {

std::filesystem::path userCacheHome() {
    if (const char* value = std::getenv("XDG_CACHE_HOME"); value != nullptr && *value != '\0') return value;
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr && *home != '\0' ? home : ".") / ".cache";
}

std::filesystem::path userDataHome() {
    if (const char* value = std::getenv("XDG_DATA_HOME"); value != nullptr && *value != '\0') return value;
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr && *home != '\0' ? home : ".") / ".local/share";
}

}  // namespace tl
