#include "core/weights/keras/internal/KerasWeightsLoader.h"

#include "core/models/internal/BackboneFamilies.h"
#include "core/models/internal/Network.h"
#include "core/util/Error.h"
#include "core/weights/internal/WeightsMatcher.h"
#include "core/weights/keras/internal/KerasMatcher.h"

namespace tl::internal {

Preprocessing kerasPreprocessing(const std::string& backbone) {
    if (backbone.starts_with("vgg") || backbone == "resnet50_keras") return Preprocessing::Caffe;
    return Preprocessing::Tf;
}

void loadKerasWeights(Model& model, const std::filesystem::path& file, bool strict, bool includeTop,
                      WeightsReport& report) {
    report.source = "keras";
    report.suggested = kerasPreprocessing(model.spec().backbone);
    const auto& layers = model.network().kerasLayers();
    if (layers.empty()) {
        throw Error(file.string() + " holds Keras weights, and backbone '" + model.spec().backbone +
                    "' has no Keras counterpart (Keras weights fit vgg16, vgg19, resnet50_keras, mobilenet_v1*, "
                    "inception_v3, xception)");
    }
    const KerasArchive archive(file);
    const auto match = matchKerasWeights(layers, archive, includeTop, report);
    std::size_t fromFile = 0;
    for (const auto& copy : match.copies) fromFile += copy.weight != nullptr ? 1 : 0;
    refuseIfUnfit(file, model.spec().backbone, match.problems, fromFile, strict);
    applyKerasCopies(archive, match.copies);
    for (auto& buffer : model.network().baseModule()->named_buffers(/*recurse=*/false)) {
        if (buffer.key() == kKerasPoolingBuffer) buffer.value().fill_(1);  // Keras' average pooling from now on
    }
    report.loaded = fromFile;
}

}  // namespace tl::internal
