#include "core/training/internal/FeatureExtraction.h"

#include "core/util/Clock.h"

namespace tl::internal {

std::optional<ExtractedFeatures> extractFeatures(ComputePath& path, BatchProvider& images, std::size_t imageCount,
                                                 const std::string& phase, const TrainingCallbacks& callbacks,
                                                 TrainingControl& control, std::size_t cut) {
    torch::NoGradGuard noGrad;
    path.setTraining(false);
    const Stopwatch clock;
    std::vector<torch::Tensor> features, targets;
    std::size_t done = 0;
    images.startEpoch(1);
    while (true) {
        if (!control.checkpoint()) return std::nullopt;
        auto batch = images.next();
        if (!batch) break;
        features.push_back(
            (cut == SIZE_MAX ? path.features(batch->inputs) : path.prefix(batch->inputs, cut)).contiguous());
        targets.push_back(batch->targets);
        done += static_cast<std::size_t>(batch->targets.size(0));
        if (callbacks.onProgress) {
            callbacks.onProgress({phase, done, imageCount, clock.seconds()});
        }
    }
    if (features.empty()) return ExtractedFeatures{};
    return ExtractedFeatures{torch::cat(features), torch::cat(targets)};
}

}  // namespace tl::internal
