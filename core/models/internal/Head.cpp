#include "core/models/internal/Head.h"

#include <sstream>
#include <string>

#include "core/models/internal/Initialisers.h"
#include "core/models/internal/StageBuilders.h"
#include "core/util/Error.h"

namespace tl::internal {
namespace {

void validate(const HeadSpec& spec, const std::vector<std::int64_t>& featureShape) {
    if (spec.units < 0) throw Error("head units must be 0 or more, got " + std::to_string(spec.units));
    if (!(spec.dropout >= 0.0 && spec.dropout < 1.0)) {
        std::ostringstream message;
        message << "head dropout must be in [0, 1), got " << spec.dropout;
        throw Error(message.str());
    }
    if (spec.numClasses < 2) {
        throw Error("a classifier needs at least 2 classes, got " + std::to_string(spec.numClasses));
    }
    if (featureShape.size() != 3) throw Error("the head expects (C, H, W) feature maps");
}

}  // namespace

Head makeHead(const HeadSpec& spec, const std::vector<std::int64_t>& featureShape) {
    validate(spec, featureShape);
    auto module = std::make_shared<torch::nn::Module>();
    std::vector<Stage> stages;

    std::int64_t width = featureShape[0];
    if (spec.pooling == Pooling::Flatten) {
        // PyTorch's channel-major order: feature (c, y, x) lands at c * H * W + y * W + x.
        width *= featureShape[1] * featureShape[2];
        stages.push_back(functionStage("flatten", "Flatten", [](const torch::Tensor& x) { return x.flatten(1); }));
    } else {
        stages.push_back(
            functionStage("global_average_pooling2d", "GlobalAveragePooling2D", [](const torch::Tensor& x) {
                return x.mean({2, 3});
            }));
    }

    std::string outputName = "dense";
    if (spec.units > 0) {
        torch::nn::Linear dense(width, spec.units);
        module->register_module("dense", dense);
        stages.push_back(moduleStage("dense", "Dense", dense.ptr(), Activation::Relu));
        width = spec.units;
        outputName = "dense_1";
    }
    if (spec.dropout > 0.0) {
        // A registered module, so that train()/eval() on the network switch it on and off.
        torch::nn::Dropout dropout(spec.dropout);
        module->register_module("dropout", dropout);
        stages.push_back(moduleStage("dropout", "Dropout", dropout.ptr()));
    }
    torch::nn::Linear output(width, spec.outputUnits());
    module->register_module(outputName, output);
    stages.push_back(moduleStage(outputName, "Dense", output.ptr()));

    initKerasDefaults(*module);
    return {module, std::move(stages)};
}

}  // namespace tl::internal
