#pragma once
#include <filesystem>

namespace tl {

/// $XDG_CACHE_HOME when set and not empty, else $HOME/.cache (./.cache without a HOME): where
/// Transfer Lab's caches (weights, base outputs) live, under "transferlab".
std::filesystem::path userCacheHome();

/// $XDG_DATA_HOME when set and not empty, else $HOME/.local/share (./.local/share without a
/// HOME): where Transfer Lab keeps the demo and the lesson, under "transferlab".
std::filesystem::path userDataHome();

}  // namespace tl
