#pragma once
#include <filesystem>

namespace tl {

/// $XDG_CACHE_HOME when set and not empty, else $HOME/.cache (./.cache without a HOME): where
/// Transfer Lab's caches (weights, base outputs) live, under "transferlab".
std::filesystem::path userCacheHome();

}  // namespace tl
