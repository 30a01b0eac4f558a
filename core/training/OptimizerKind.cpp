#include "core/training/OptimizerKind.h"

#include <string>

#include "core/util/Error.h"

namespace tl {

std::string_view toString(OptimizerKind kind) {
    switch (kind) {
        case OptimizerKind::RmsProp:
            return "rmsprop";
        case OptimizerKind::Adam:
            return "adam";
        case OptimizerKind::Sgd:
            return "sgd";
    }
    return "rmsprop";
}

OptimizerKind parseOptimizerKind(std::string_view text) {
    for (auto kind : {OptimizerKind::RmsProp, OptimizerKind::Adam, OptimizerKind::Sgd}) {
        if (text == toString(kind)) return kind;
    }
    throw Error("unknown optimizer '" + std::string(text) + "' (choose rmsprop, adam or sgd)");
}

}  // namespace tl
