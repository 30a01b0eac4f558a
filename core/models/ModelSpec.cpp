#include "core/models/ModelSpec.h"

namespace tl {

const std::vector<std::string>& backboneNames() {
    static const std::vector<std::string> names{
        "vgg16",          "vgg19",        "resnet18",         "resnet50",         "mobilenet_v2",
        "squeezenet1_1",  "mobilenet_v1", "mobilenet_v1_075", "mobilenet_v1_050", "mobilenet_v1_025",
        "resnet50_keras", "xception",     "inception_v3",     "small_convnet",    "mini_vgg",
        "tiny",
    };
    return names;
}

ImageSize naturalInputSize(const std::string& backbone) {
    if (backbone == "vgg16" || backbone == "vgg19" || backbone == "small_convnet") return {150, 150};
    if (backbone == "inception_v3" || backbone == "xception") return {299, 299};
    if (backbone == "tiny") return {32, 32};
    if (backbone == "mini_vgg") return {48, 48};
    return {224, 224};
}

}  // namespace tl
