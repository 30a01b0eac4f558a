#include "core/inference/Predictor.h"

#include <torch/torch.h>

#include "core/data/ImageDecoder.h"
#include "core/data/Preprocessing.h"
#include "core/inference/internal/GradCam.h"
#include "core/inference/internal/LayerActivations.h"
#include "core/models/internal/Network.h"
#include "core/runs/TrainedRun.h"
#include "core/runs/WeightsLineage.h"
#include "core/training/internal/BatchProvider.h"
#include "core/util/Error.h"

namespace tl {

struct Predictor::Impl {
    TrainedRun run;
    ImageDecoder decoder;
    ModelSummary summary;

    /// The preprocessed (1, 3, H, W) input of a decoded image.
    torch::Tensor inputOf(const RgbImage& decoded) const {
        const auto& e = run.experiment;
        auto input = torch::empty({1, 3, e.model.input.height, e.model.input.width}, torch::kFloat32);
        preprocessInto(decoded, e.preprocessing, input.data_ptr<float>());
        return input;
    }
    void classify(const torch::Tensor& input, Prediction& prediction) {
        torch::NoGradGuard noGrad;
        const auto probabilities = internal::probabilities(run.model.network().forward(input))[0];
        for (std::int64_t i = 0; i < probabilities.size(0); ++i) {
            prediction.probabilities.push_back(probabilities[i].item<double>());
        }
        prediction.predicted = static_cast<int>(probabilities.argmax().item<std::int64_t>());
    }
};

Predictor::Predictor(const std::filesystem::path& runFolder, CheckpointChoice checkpoint) {
    auto run = TrainedRun::load(runFolder, checkpoint);
    const auto size = run.experiment.model.input;
    auto summary = run.model.summary();
    impl_ = std::make_unique<Impl>(Impl{std::move(run), ImageDecoder(size), std::move(summary)});
    impl_->run.model.network().setTraining(false);
}

Predictor::~Predictor() = default;

const std::vector<std::string>& Predictor::classes() const {
    return impl_->run.split.classes;
}

Prediction Predictor::predict(const std::filesystem::path& image) {
    Prediction prediction;
    prediction.image = image;
    try {
        impl_->classify(impl_->inputOf(impl_->decoder.decode(image)), prediction);
    } catch (const Error& error) {
        prediction.error = error.what();
    }
    return prediction;
}

const std::string& Predictor::backbone() const {
    return impl_->run.experiment.model.backbone;
}

std::string Predictor::pretrainedWeights() const {
    return originalWeights(impl_->run.experiment);
}

const std::filesystem::path& Predictor::runFolder() const {
    return impl_->run.folder.path();
}

std::filesystem::path Predictor::checkpoint() const {
    return impl_->run.checkpoint;
}

std::vector<std::string> Predictor::camLayers() const {
    return internal::camLayers(impl_->summary);
}

std::string Predictor::defaultCamLayer() const {
    return internal::defaultCamLayer(impl_->summary);
}

Prediction Predictor::explain(const std::filesystem::path& image, const std::string& layer, int forClass) {
    Prediction prediction;
    prediction.image = image;
    try {
        prediction.input = impl_->decoder.decode(image);
        const auto input = impl_->inputOf(prediction.input);
        impl_->classify(input, prediction);
        const auto target = layer.empty() ? defaultCamLayer() : layer;
        if (target.empty()) throw Error("the convolutional base has no layer with a spatial output to explain");
        const auto classIndex = forClass < 0 ? prediction.predicted : forClass;
        if (classIndex >= static_cast<int>(classes().size())) {
            throw Error("class " + std::to_string(classIndex) + " does not exist; the run has " +
                        std::to_string(classes().size()));
        }
        prediction.heatmap = internal::gradCam(impl_->run.model.network(), input, target, classIndex);
    } catch (const Error& error) {
        prediction.error = error.what();
    }
    return prediction;
}

FeatureMaps Predictor::featureMaps(const std::filesystem::path& image, const std::string& layer, int maxChannels) {
    const auto target = layer.empty() ? defaultCamLayer() : layer;
    if (target.empty()) throw Error("the convolutional base has no layer with a spatial output to show");
    return internal::layerActivations(impl_->run.model.network(), impl_->inputOf(impl_->decoder.decode(image)), target,
                                      maxChannels);
}

}  // namespace tl
