#include "core/inference/Predictor.h"

#include <torch/torch.h>

#include "core/data/ImageDecoder.h"
#include "core/data/Preprocessing.h"
#include "core/models/internal/Network.h"
#include "core/runs/TrainedRun.h"
#include "core/training/internal/BatchProvider.h"
#include "core/util/Error.h"

namespace tl {

struct Predictor::Impl {
    TrainedRun run;
    ImageDecoder decoder;
};

Predictor::Predictor(const std::filesystem::path& runFolder) {
    auto run = TrainedRun::load(runFolder);
    const auto size = run.experiment.model.input;
    impl_ = std::make_unique<Impl>(Impl{std::move(run), ImageDecoder(size)});
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
        const auto decoded = impl_->decoder.decode(image);
        const auto& e = impl_->run.experiment;
        auto input = torch::empty({1, 3, e.model.input.height, e.model.input.width}, torch::kFloat32);
        preprocessInto(decoded, e.preprocessing, input.data_ptr<float>());
        torch::NoGradGuard noGrad;
        const auto probabilities = internal::probabilities(impl_->run.model.network().forward(input))[0];
        for (std::int64_t i = 0; i < probabilities.size(0); ++i) {
            prediction.probabilities.push_back(probabilities[i].item<double>());
        }
        prediction.predicted = static_cast<int>(probabilities.argmax().item<std::int64_t>());
    } catch (const Error& error) {
        prediction.error = error.what();
    }
    return prediction;
}

}  // namespace tl
