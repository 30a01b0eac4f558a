#pragma once
#include <string_view>

namespace tl {

/// The optimisers an experiment can name (their settings: OptimizerSpec in Experiment.h).
enum class OptimizerKind { RmsProp, Adam, Sgd };
std::string_view toString(OptimizerKind kind);  ///< "rmsprop", "adam", "sgd"
/// Inverse of toString; throws tl::Error listing the choices.
OptimizerKind parseOptimizerKind(std::string_view text);

}  // namespace tl
