#include "core/models/internal/Stage.h"

#include <algorithm>

namespace tl::internal {

std::vector<torch::Tensor> Stage::parameters() const {
    std::vector<torch::Tensor> result;
    for (const auto& module : modules) {
        for (auto& parameter : module->parameters(/*recurse=*/true)) result.push_back(parameter);
    }
    return result;
}

bool Stage::answersTo(const std::string& layerName) const {
    return layerName == name || std::find(aliases.begin(), aliases.end(), layerName) != aliases.end();
}

}  // namespace tl::internal
