#include "core/models/internal/Backbones.h"

#include "core/models/ModelSpec.h"
#include "core/models/internal/BackboneFamilies.h"
#include "core/util/Error.h"
#include "core/util/TextList.h"

namespace tl::internal {

Backbone makeBackbone(const std::string& name) {
    if (name == "vgg16") return makeVgg(16);
    if (name == "vgg19") return makeVgg(19);
    if (name == "resnet18") return makeResNet(18);
    if (name == "resnet50") return makeResNet(50);
    if (name == "mobilenet_v2") return makeMobileNetV2();
    if (name == "mobilenet_v1") return makeMobileNetV1(1.0);
    if (name == "mobilenet_v1_075") return makeMobileNetV1(0.75);
    if (name == "mobilenet_v1_050") return makeMobileNetV1(0.5);
    if (name == "mobilenet_v1_025") return makeMobileNetV1(0.25);
    if (name == "resnet50_keras") return makeKerasResNet50();
    if (name == "xception") return makeXception();
    if (name == "inception_v3") return makeInceptionV3();
    if (name == "squeezenet1_1") return makeSqueezeNet11();
    if (name == "small_convnet") return makeSmallConvNet();
    if (name == "mini_vgg") return makeMiniVgg();
    if (name == "tiny") return makeTinyConvNet();
    throw Error("unknown backbone '" + name + "'; known backbones: " + commaList(backboneNames()));
}

}  // namespace tl::internal
