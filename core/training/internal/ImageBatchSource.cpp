#include "core/training/internal/ImageBatchSource.h"

#include "core/util/Error.h"
#include "core/util/DeterministicRandom.h"

namespace tl::internal {

ImageBatchSource::Options ImageBatchSource::optionsFor(const Experiment& e, bool training) {
    Options options;
    options.size = e.model.input;
    options.preprocessing = e.preprocessing;
    options.batchSize = e.training.batchSize;
    options.numClasses = e.model.head.numClasses;
    options.seed = e.training.seed;
    options.shuffle = training;
    if (training) {
        const auto regime = e.training.regime;
        const bool augment = regime == Regime::FeatureExtractionAug ||
                             (regime != Regime::FeatureExtraction && e.training.augment);
        if (augment) options.augmentation = e.training.augmentation;
        options.stepsPerEpoch = e.training.stepsPerEpoch;
    }
    return options;
}

ImageBatchSource::ImageBatchSource(std::vector<Sample> samples, Options options,
                                   std::function<void(const std::string&)> onSkip)
    : samples_(std::move(samples)), options_(options), decoder_(options.size), onSkip_(std::move(onSkip)) {
    if (options_.batchSize < 1) throw Error("batch size must be at least 1");
    if (options_.augmentation && !options_.augmentation->isIdentity()) {
        augmenter_.emplace(*options_.augmentation, options_.seed);
    }
}

ImageBatchSource::~ImageBatchSource() {
    if (pending_.valid()) pending_.wait();
}

int ImageBatchSource::batchesPerEpoch() const {
    if (samples_.empty()) return 0;
    if (options_.stepsPerEpoch > 0) return options_.stepsPerEpoch;
    const auto size = static_cast<std::size_t>(options_.batchSize);
    return static_cast<int>((samples_.size() + size - 1) / size);
}

void ImageBatchSource::startEpoch(int epoch) {
    if (pending_.valid()) pending_.wait();
    pending_ = {};
    epoch_ = epoch;
    // One pass, or with stepsPerEpoch as many passes as the steps need, each in a new order.
    const auto slots = samples_.empty()           ? 0
                       : options_.stepsPerEpoch > 0
                           ? static_cast<std::size_t>(options_.stepsPerEpoch) * static_cast<std::size_t>(options_.batchSize)
                           : samples_.size();
    order_.clear();
    for (std::uint64_t pass = 0; order_.size() < slots; ++pass) {
        std::vector<std::size_t> indices(samples_.size());
        for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = i;
        if (options_.shuffle) {
            SplitMix64 engine(combineSeed(options_.seed, (static_cast<std::uint64_t>(epoch) << 20) + pass));
            shuffleDeterministically(indices, engine);
        }
        order_.insert(order_.end(), indices.begin(), indices.end());
    }
    order_.resize(slots);
    nextSlot_ = 0;
    prefetch();
}

void ImageBatchSource::prefetch() {
    if (nextSlot_ >= order_.size()) return;
    const auto first = nextSlot_;
    nextSlot_ = std::min(order_.size(), nextSlot_ + static_cast<std::size_t>(options_.batchSize));
    pending_ = std::async(std::launch::async, [this, first] { return load(first); });
}

std::optional<TensorBatch> ImageBatchSource::next() {
    while (pending_.valid()) {
        auto batch = pending_.get();
        reportSkips();
        prefetch();
        if (batch.inputs.defined()) return batch;  // else every file of that batch failed: try the next
    }
    return std::nullopt;
}

void ImageBatchSource::reportSkips() {
    std::vector<std::string> messages;
    {
        std::lock_guard lock(skipMutex_);
        messages.swap(unreported_);
    }
    for (const auto& message : messages) {
        if (onSkip_) onSkip_("skipped " + message);
    }
}

TensorBatch ImageBatchSource::load(std::size_t firstSlot) const {
    const auto last = std::min(order_.size(), firstSlot + static_cast<std::size_t>(options_.batchSize));
    const auto width = options_.size.width, height = options_.size.height;
    const auto planeValues = static_cast<std::size_t>(3) * width * height;
    std::vector<float> pixels;
    pixels.reserve((last - firstSlot) * planeValues);
    std::vector<int> labels;
    for (auto slot = firstSlot; slot < last; ++slot) {
        const auto& sample = samples_[order_[slot]];
        try {
            auto image = decoder_.decode(sample.path);
            if (augmenter_) image = augmenter_->apply(image, Augmenter::sampleKey(epoch_, slot));
            pixels.resize(pixels.size() + planeValues);
            preprocessInto(image, options_.preprocessing, pixels.data() + pixels.size() - planeValues);
            labels.push_back(sample.label);
        } catch (const Error& error) {
            std::lock_guard lock(skipMutex_);
            if (reportedSkips_.insert(sample.path.string()).second) unreported_.push_back(error.what());
        }
    }
    if (labels.empty()) return {};
    const auto count = static_cast<std::int64_t>(labels.size());
    auto inputs = torch::from_blob(pixels.data(), {count, 3, height, width}, torch::kFloat32).clone();
    return {inputs, makeTargets(labels, options_.numClasses)};
}

}  // namespace tl::internal
