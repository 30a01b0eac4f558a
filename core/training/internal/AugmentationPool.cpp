#include "core/training/internal/AugmentationPool.h"

#include <cmath>
#include <sstream>

#include "core/util/Clock.h"
#include "core/util/Error.h"

namespace tl::internal {
namespace {

std::string shapeText(const torch::Tensor& rows) {
    std::string text;
    for (std::int64_t d = 1; d < rows.dim(); ++d) text += (d > 1 ? " x " : "") + std::to_string(rows.size(d));
    return text;
}

}  // namespace

std::optional<AugmentationPool> buildAugmentationPool(ComputePath& path, const std::vector<Sample>& samples,
                                                      ImageBatchSource::Options options, const PoolRequest& request) {
    if (request.variants < 1) throw Error("an augmentation pool needs at least one variant");
    if (!options.augmentation) throw Error("an augmentation pool needs augmentation");
    const auto log = [&](const std::string& text) {
        if (request.callbacks && request.callbacks->onLog) request.callbacks->onLog(text);
    };
    options.shuffle = false;
    options.stepsPerEpoch = 0;
    ImageBatchSource images(samples, options, request.onSkip);
    torch::NoGradGuard noGrad;
    path.setTraining(false);
    const auto storage = path.usesBf16() ? torch::kBFloat16 : torch::kFloat32;
    const std::size_t total = samples.size() * static_cast<std::size_t>(request.variants);
    const std::string phase = "building the augmentation pool";
    const Stopwatch clock;

    AugmentationPool pool;
    pool.variants = request.variants;
    std::vector<torch::Tensor> targets;
    std::int64_t rowsPerVariant = 0;
    std::size_t done = 0;
    for (int variant = 0; variant < request.variants; ++variant) {
        images.startEpoch(variant + 1);
        std::int64_t row = 0;
        while (true) {
            if (request.control && !request.control->checkpoint()) return std::nullopt;
            auto batch = images.next();
            if (!batch) break;
            const auto activations = path.prefix(batch->inputs, request.cut).to(storage);
            const auto n = activations.size(0);
            if (!pool.activations.defined()) {
                // Size from the first batch: refuse before the bulk of the work if it cannot fit.
                const auto rowBytes = static_cast<std::size_t>(activations[0].numel()) * activations.element_size();
                const auto bytes = rowBytes * total;
                const double seconds = clock.seconds() * static_cast<double>(total) / static_cast<double>(n);
                std::ostringstream note;
                note << "augmentation pool: " << request.variants << " variants of " << samples.size()
                     << " images at the frozen prefix's output (" << shapeText(activations) << ", "
                     << (storage == torch::kBFloat16 ? "bf16" : "fp32") << "): " << bytes / (1024 * 1024)
                     << " MiB in memory, about " << std::lround(seconds) << " s to build";
                if (bytes > request.memoryBudgetBytes) {
                    log(note.str() + "; over the memory budget of " +
                        std::to_string(request.memoryBudgetBytes / (1024 * 1024)) +
                        " MiB, so this run augments exactly instead");
                    return std::nullopt;
                }
                log(note.str());
                auto shape = activations.sizes().vec();
                shape[0] = static_cast<std::int64_t>(total);
                pool.activations = torch::empty(shape, activations.options());
            }
            // Files that fail to decode fail in every variant: each variant holds the same rows.
            const auto offset = static_cast<std::int64_t>(variant) * static_cast<std::int64_t>(samples.size()) + row;
            pool.activations.narrow(0, offset, n).copy_(activations);
            if (variant == 0) targets.push_back(batch->targets);
            row += n;
            done += static_cast<std::size_t>(n);
            if (request.callbacks && request.callbacks->onProgress) {
                request.callbacks->onProgress({phase, done, total, clock.seconds()});
            }
        }
        if (variant == 0) rowsPerVariant = row;
        if (row != rowsPerVariant) throw Error("the augmentation pool's variants differ in size (a file changed?)");
    }
    if (!pool.activations.defined() || rowsPerVariant == 0) return std::nullopt;
    const auto images_ = static_cast<std::int64_t>(samples.size());
    if (rowsPerVariant != images_) {
        // Some files were skipped: pack each variant's rows together.
        std::vector<torch::Tensor> parts;
        for (int v = 0; v < request.variants; ++v)
            parts.push_back(pool.activations.narrow(0, v * images_, rowsPerVariant));
        pool.activations = torch::cat(parts);
    }
    pool.targets = torch::cat(targets);
    return pool;
}

}  // namespace tl::internal
