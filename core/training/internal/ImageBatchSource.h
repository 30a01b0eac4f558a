#pragma once
// Internal: includes torch. Only core .cpp files and tests include this header.
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/data/Augmenter.h"
#include "core/data/Dataset.h"
#include "core/data/ImageDecoder.h"
#include "core/data/Preprocessing.h"
#include "core/training/Experiment.h"
#include "core/training/internal/BatchProvider.h"

namespace tl::internal {

/// Batches of decoded, (optionally) augmented, preprocessed images. Up to kBatchesAhead batches
/// are prepared on helper threads (each batch's images spread over `workers` threads) while the
/// caller computes on the current one. Each file is decoded and resized once: its 8-bit pixels
/// stay in memory for later epochs when every sample fits in `memoryBudgetBytes`, so augmentation
/// then starts from memory, as Keras' flow_from_directory does (resize, then transform). A file
/// that fails to decode is left out of its batch and reported once through `onSkip` (on the
/// caller's thread, from next()) with its reason; it never stops the run. Shuffling and
/// augmentation depend only on the seed, the epoch and the slot, never on thread timing.
class ImageBatchSource : public BatchProvider {
public:
    struct Options {
        ImageSize size;
        Preprocessing preprocessing = Preprocessing::Torchvision;
        std::optional<AugmentationParams> augmentation;  ///< nothing: no augmentation
        int batchSize = 20;
        int numClasses = 2;
        bool shuffle = true;
        int stepsPerEpoch = 0;  ///< 0: one pass over the samples
        std::uint64_t seed = 42;
        int workers = 2;                                       ///< decoding threads per batch
        std::size_t memoryBudgetBytes = std::size_t{1} << 31;  ///< for decoded pixels; 0: keep none
        /// Slot number of the first sample when `samples` are one rank's part of a longer list
        /// (its share of the augmentation pool): augmentation keys on the slot, so each image is
        /// transformed as it would be at its place in the whole list.
        std::size_t firstSlot = 0;
    };
    static constexpr std::size_t kBatchesAhead = 2;

    /// The options an experiment implies: training batches shuffle, take steps_per_epoch and
    /// augment as the regime says; evaluation batches do none of that.
    static Options optionsFor(const Experiment& experiment, bool training);

    ImageBatchSource(std::vector<Sample> samples, Options options, std::function<void(const std::string&)> onSkip = {});
    ~ImageBatchSource() override;

    int batchesPerEpoch() const override;
    void startEpoch(int epoch) override;
    std::optional<TensorBatch> next() override;

    std::size_t sampleCount() const { return samples_.size(); }
    /// True when decoded pixels are kept between epochs.
    bool keepsDecodedImages() const { return !decoded_.empty(); }

private:
    /// This rank's part of the batch that starts at slot `globalFirst`.
    TensorBatch load(std::size_t globalFirst) const;
    /// Decoded (resized, not augmented) pixels of sample `index`, from memory when kept.
    std::shared_ptr<const RgbImage> decodedImage(std::size_t index) const;
    void prefetch();
    void waitForPending();
    void reportSkips();

    std::vector<Sample> samples_;
    Options options_;
    ImageDecoder decoder_;
    std::optional<Augmenter> augmenter_;
    std::function<void(const std::string&)> onSkip_;
    int epoch_ = 0;
    std::vector<std::size_t> order_;  ///< sample index for each slot of the epoch
    std::size_t nextSlot_ = 0;
    std::deque<std::future<TensorBatch>> pending_;
    mutable std::mutex decodedMutex_;
    mutable std::vector<std::shared_ptr<const RgbImage>> decoded_;  ///< per sample; empty: none kept
    mutable std::mutex skipMutex_;
    mutable std::set<std::string> reportedSkips_;
    mutable std::vector<std::string> unreported_;
};

}  // namespace tl::internal
