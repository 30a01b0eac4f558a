#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <string>
#include <vector>

#include "core/models/internal/Stage.h"

namespace tl::internal {

/// Index of the first stage in `stages` whose name or alias is `layerName`. Throws tl::Error
/// "unknown layer 'block6_conv1'; did you mean block5_conv1? (layers: block1_conv1, ...)"
/// when none answers; the suggestion is left out when nothing is close.
std::size_t findStage(const std::vector<const Stage*>& stages, const std::string& layerName);

}  // namespace tl::internal
