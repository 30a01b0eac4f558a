#include "core/models/ModelSpec.h"

namespace tl {

const std::vector<std::string>& backboneNames() {
    static const std::vector<std::string> names{
        "vgg16", "vgg19", "resnet18", "resnet50", "mobilenet_v2", "squeezenet1_1", "small_convnet", "tiny",
    };
    return names;
}

}  // namespace tl
