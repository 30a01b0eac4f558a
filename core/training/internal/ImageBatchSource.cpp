#include "core/training/internal/ImageBatchSource.h"

#include <algorithm>

#include "core/training/RunPreparation.h"
#include "core/util/DeterministicRandom.h"
#include "core/util/Error.h"

namespace tl::internal {

ImageBatchSource::Options ImageBatchSource::optionsFor(const Experiment& e, bool training) {
    Options options;
    options.size = e.model.input;
    options.preprocessing = e.preprocessing;
    options.batchSize = e.training.batchSize;
    options.numClasses = e.model.head.numClasses;
    options.seed = e.training.seed;
    options.shuffle = training;
    options.workers = std::clamp(resolvedThreadCount(e.training.threads), 1, 4);
    if (training) {
        if (augments(e.training.regime, e.training.augment)) options.augmentation = e.training.augmentation;
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
    const auto imageBytes = static_cast<std::size_t>(options_.size.width) * options_.size.height * 3;
    if (samples_.size() * imageBytes <= options_.memoryBudgetBytes) decoded_.resize(samples_.size());
}

ImageBatchSource::~ImageBatchSource() {
    waitForPending();
}

void ImageBatchSource::waitForPending() {
    for (auto& batch : pending_) batch.wait();
    pending_.clear();
}

int ImageBatchSource::batchesPerEpoch() const {
    if (samples_.empty()) return 0;
    if (options_.stepsPerEpoch > 0) return options_.stepsPerEpoch;
    const auto size = static_cast<std::size_t>(options_.batchSize);
    return static_cast<int>((samples_.size() + size - 1) / size);
}

void ImageBatchSource::startEpoch(int epoch) {
    waitForPending();
    epoch_ = epoch;
    // One pass, or with stepsPerEpoch as many passes as the steps need, each in a new order.
    const auto slots = samples_.empty()             ? 0
                       : options_.stepsPerEpoch > 0 ? static_cast<std::size_t>(options_.stepsPerEpoch) *
                                                          static_cast<std::size_t>(options_.batchSize)
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
    while (pending_.size() < kBatchesAhead && nextSlot_ < order_.size()) {
        const auto first = nextSlot_;
        nextSlot_ = std::min(order_.size(), nextSlot_ + static_cast<std::size_t>(options_.batchSize));
        pending_.push_back(std::async(std::launch::async, [this, first] { return load(first); }));
    }
}

std::optional<TensorBatch> ImageBatchSource::next() {
    while (!pending_.empty()) {
        auto batch = pending_.front().get();
        pending_.pop_front();
        reportSkips();
        prefetch();
        // Else every file of that batch failed: try the next, unless the ranks must stay in step.
        if (batch.inputs.defined() || shard_.isSplit()) return batch;
    }
    return std::nullopt;
}

std::shared_ptr<const RgbImage> ImageBatchSource::decodedImage(std::size_t index) const {
    if (decoded_.empty()) return std::make_shared<const RgbImage>(decoder_.decode(samples_[index].path));
    {
        std::lock_guard lock(decodedMutex_);
        if (decoded_[index]) return decoded_[index];
    }
    auto image = std::make_shared<const RgbImage>(decoder_.decode(samples_[index].path));
    std::lock_guard lock(decodedMutex_);
    if (!decoded_[index]) decoded_[index] = image;
    return decoded_[index];
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

TensorBatch ImageBatchSource::load(std::size_t globalFirst) const {
    const auto part =
        shard_.of(globalFirst, std::min(order_.size(), globalFirst + static_cast<std::size_t>(options_.batchSize)));
    const auto firstSlot = part.first, last = part.second;
    const auto width = options_.size.width, height = options_.size.height;
    const auto planeValues = static_cast<std::size_t>(3) * width * height;
    const auto count = last - firstSlot;
    std::vector<float> pixels(count * planeValues);
    std::vector<char> loaded(count, 0);
    auto loadSlots = [&](std::size_t begin, std::size_t end) {
        for (auto i = begin; i < end; ++i) {
            const auto slot = firstSlot + i;
            const auto& sample = samples_[order_[slot]];
            try {
                const auto decoded = decodedImage(order_[slot]);
                float* out = pixels.data() + i * planeValues;
                if (augmenter_) {
                    preprocessInto(augmenter_->apply(*decoded, Augmenter::sampleKey(epoch_, options_.firstSlot + slot)),
                                   options_.preprocessing, out);
                } else {
                    preprocessInto(*decoded, options_.preprocessing, out);
                }
                loaded[i] = 1;
            } catch (const Error& error) {
                std::lock_guard lock(skipMutex_);
                if (reportedSkips_.insert(sample.path.string()).second) unreported_.push_back(error.what());
            }
        }
    };
    // This batch's images spread over the workers; the calling helper thread takes the first share.
    const auto workers = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, options_.workers)), count);
    std::vector<std::future<void>> others;
    const auto share = (count + workers - 1) / std::max<std::size_t>(workers, 1);
    for (std::size_t w = 1; w < workers; ++w) {
        const auto begin = std::min(count, w * share), end = std::min(count, (w + 1) * share);
        if (begin < end) others.push_back(std::async(std::launch::async, loadSlots, begin, end));
    }
    loadSlots(0, std::min(count, share));
    for (auto& other : others) other.get();

    std::vector<int> labels;
    std::vector<std::size_t> keptSamples;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (!loaded[i]) continue;
        if (kept != i) std::copy_n(pixels.data() + i * planeValues, planeValues, pixels.data() + kept * planeValues);
        ++kept;
        labels.push_back(samples_[order_[firstSlot + i]].label);
        keptSamples.push_back(order_[firstSlot + i]);
    }
    if (labels.empty()) return {};
    const auto n = static_cast<std::int64_t>(labels.size());
    auto inputs = torch::from_blob(pixels.data(), {n, 3, height, width}, torch::kFloat32).clone();
    return {inputs, makeTargets(labels, options_.numClasses), std::move(keptSamples)};
}

}  // namespace tl::internal
