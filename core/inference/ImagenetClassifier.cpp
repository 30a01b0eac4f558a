#include "core/inference/ImagenetClassifier.h"

#include <torch/torch.h>

#include <algorithm>

#include "core/data/ImageDecoder.h"
#include "core/data/ImagenetLabels.h"
#include "core/data/LessonWorld.h"
#include "core/lesson/LessonPlan.h"
#include "core/models/Model.h"
#include "core/models/internal/Network.h"
#include "core/util/Error.h"
#include "core/weights/WeightsLookup.h"

namespace tl {

ImageSize imagenetInputSize(const std::string& backbone) {
    if (backbone == "inception_v3" || backbone == "xception") return {299, 299};
    if (backbone == "mini_vgg") return {kLessonImageSize, kLessonImageSize};
    return {224, 224};
}

struct ImagenetClassifier::Impl {
    Model model;
    WeightsReport weights;
    Preprocessing preprocessing;
    ImageDecoder decoder;
    const std::vector<std::string>& labels;
};

namespace {

ModelSpec imagenetModelSpec(const ImagenetClassifierOptions& options) {
    ModelSpec spec;
    spec.backbone = options.backbone;
    spec.input = options.input.value_or(imagenetInputSize(options.backbone));
    spec.head.kind = HeadKind::Imagenet;
    return spec;
}

/// Refuses what cannot work before the model is built (VGG16 with its classifier takes seconds).
void checkWeightsSetting(const ImagenetClassifierOptions& options) {
    if (options.weights == "random") {
        throw Error("an ImageNet classifier needs pretrained weights: 'imagenet' or a weights file with the top");
    }
    if (options.weights == "imagenet" && options.backbone == "mini_vgg") {
        throw Error("mini_vgg was never trained on ImageNet: give the lesson's weights file (" +
                    lessonWeightsFile().string() + "), whose classifier knows its 60 source classes");
    }
    if (options.weights == "imagenet") {
        findImagenetWeights(options.backbone, /*includeTop=*/true);
    } else if (std::error_code error; !std::filesystem::is_regular_file(options.weights, error)) {
        throw Error("weights file " + options.weights + " does not exist (or is not a file)");
    }
}

WeightsReport loadTop(Model& model, const std::string& weights) {
    return weights == "imagenet" ? loadImagenetWeights(model, /*strict=*/true, /*includeTop=*/true)
                                 : loadWeights(model, weights, /*strict=*/true, /*includeTop=*/true);
}

}  // namespace

ImagenetClassifier::ImagenetClassifier(const ImagenetClassifierOptions& options) {
    const auto& labels = options.backbone == "mini_vgg"
                             ? lessonSourceClassifierLabels()
                             : imagenetLabels();  // before the (slow) weights, so a broken install fails fast
    checkWeightsSetting(options);
    Model model(imagenetModelSpec(options));
    auto weights = loadTop(model, options.weights);
    const auto preprocessing = options.preprocessing.value_or(weights.suggested);
    const auto input = model.spec().input;
    model.network().setTraining(false);
    impl_ =
        std::make_unique<Impl>(Impl{std::move(model), std::move(weights), preprocessing, ImageDecoder(input), labels});
}

ImagenetClassifier::~ImagenetClassifier() = default;
ImagenetClassifier::ImagenetClassifier(ImagenetClassifier&&) noexcept = default;
ImagenetClassifier& ImagenetClassifier::operator=(ImagenetClassifier&&) noexcept = default;

const WeightsReport& ImagenetClassifier::weights() const {
    return impl_->weights;
}
Preprocessing ImagenetClassifier::preprocessing() const {
    return impl_->preprocessing;
}
ImageSize ImagenetClassifier::input() const {
    return impl_->model.spec().input;
}

ImagenetPrediction ImagenetClassifier::classify(const std::filesystem::path& image, int count) {
    ImagenetPrediction prediction;
    prediction.image = image;
    try {
        const auto decoded = impl_->decoder.decode(image);
        const auto size = input();
        auto batch = torch::empty({1, 3, size.height, size.width}, torch::kFloat32);
        preprocessInto(decoded, impl_->preprocessing, batch.data_ptr<float>());
        torch::NoGradGuard noGrad;
        const auto probabilities = torch::softmax(impl_->model.network().forward(batch)[0].to(torch::kFloat64), 0);
        const auto k = std::clamp<std::int64_t>(count, 1, probabilities.size(0));
        const auto best = probabilities.topk(k);
        const auto values = std::get<0>(best);
        const auto indices = std::get<1>(best);
        for (std::int64_t i = 0; i < k; ++i) {
            const auto index = indices[i].item<std::int64_t>();
            prediction.top.push_back(
                {static_cast<int>(index), impl_->labels.at(static_cast<std::size_t>(index)), values[i].item<double>()});
        }
    } catch (const Error& error) {
        prediction.error = error.what();
    }
    return prediction;
}

}  // namespace tl
