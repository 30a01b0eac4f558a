#include "core/training/internal/SplitExtraction.h"

#include "core/training/internal/ImageBatchSource.h"

namespace tl::internal {

std::optional<ExtractedFeatures> SplitExtraction::run(SplitName split, std::size_t cut) const {
    const auto& samples = prepared.split.part(split);
    const auto& e = prepared.experiment;
    const auto what = cut == SIZE_MAX ? std::string("features") : std::string("frozen-prefix activations");
    const auto phase = "extracting " + std::string(toString(split)) + " " + what;
    const auto key = FeatureCache::keyFor(
        e.model.backbone, prepared.weightsIdentity,
        "input " + std::to_string(e.model.input.width) + "x" + std::to_string(e.model.input.height) +
            "\npreprocessing " + std::string(toString(e.preprocessing)) + "\nprecision " +
            std::string(toString(path.precision())) +
            (cut == SIZE_MAX ? std::string("\ncut base output") : "\ncut " + std::to_string(cut) + " stages"),
        samples);
    auto entry = cache.find(key, e.model.head.numClasses);
    // Every rank reads the cache or none does: a rank that missed it would wait for the others.
    if (parallel != nullptr && parallel->anyRank(!entry)) entry.reset();
    if (entry) {
        for (const auto& message : entry->skipped) {
            if (onSkip) onSkip(message);
        }
        if (callbacks.onLog) {
            callbacks.onLog(std::string(toString(split)) + " " + what + " read from the cache (" +
                            cache.entryFolder(key).string() + "): no forward pass of the base");
        }
        if (callbacks.onProgress) callbacks.onProgress({phase, samples.size(), samples.size(), 0.0});
        return std::move(entry->features);
    }
    std::vector<std::string> skipped;
    const auto mine = shareOf(samples, parallel);
    ImageBatchSource images(mine, ImageBatchSource::optionsFor(e, false), [&](const std::string& message) {
        skipped.push_back(message);
        if (onSkip) onSkip(message);
    });
    auto features = extractFeatures(path, images, mine.size(), phase, callbacks, control, cut);
    if (parallel != nullptr) {
        if (parallel->anyRank(!features)) return std::nullopt;  // a stop on any rank stops them all
        features->features = parallel->gatherRows(features->features);
        features->targets = parallel->gatherRows(features->targets);
        skipped = gatherMessages(parallel, skipped, onSkip);
        if (!parallel->isLeader()) return features;  // rank 0 alone writes the cache
    }
    if (features) {
        if (auto problem = cache.store(key, *features, skipped); problem && callbacks.onLog) callbacks.onLog(*problem);
    }
    return features;
}

}  // namespace tl::internal
