#pragma once
#include <cstddef>
#include <string>

#include "core/training/Experiment.h"

namespace tl {

/// One timed piece of work: `images` images in `seconds` of wall time.
struct SpeedSample {
    std::size_t images = 0;
    double seconds = 0;
    std::string precision;  ///< "fp32" or "bf16", as the experiment's precision resolved here
    double imagesPerSecond() const { return seconds > 0 ? static_cast<double>(images) / seconds : 0; }
};

/// Benchmarks for `transferlab-cli bench` (docs/performance.md): the real pipeline, timed on the
/// experiment's training split (data.counts.train images per class). Both use the experiment's
/// backbone, weights, input size, preprocessing, threads and precision, and throw tl::Error like
/// a run would for bad input.

/// The frozen base over every training image, decoding included (as `fe` runs it), after a
/// one-batch warm-up that is not counted.
SpeedSample measureExtraction(const Experiment& experiment);

/// `batches` training steps of the experiment as its freeze plan and augmentation say (decode or
/// memory, augmentation, forward, backward, optimiser step), after one warm-up step that is not
/// counted. Regime "fe" and "fine-tune" are not accepted: pass "scratch" with a freeze plan
/// (fine-tuning's computation) or "fe-aug".
SpeedSample measureTrainingSteps(const Experiment& experiment, int batches);

/// An augmentation pool (fe-aug, fine-tune) timed in its two parts.
struct PoolSpeed {
    SpeedSample build;  ///< the frozen prefix over K variants of each training image (images = variants)
    SpeedSample steps;  ///< training steps of the trainable rest, drawn from the pool
};

/// Builds a pool of `variants` augmented variants of each training image through the frozen
/// prefix (fe-aug: the whole base; scratch with a freeze plan: up to the first trainable layer),
/// then times `batches` training steps on it after one warm-up step. Throws tl::Error when the
/// experiment has no frozen prefix or the pool would not fit its memory budget.
PoolSpeed measurePoolTraining(const Experiment& experiment, int variants, int batches);

/// Peak resident memory of this process so far, in bytes.
std::size_t peakResidentBytes();

}  // namespace tl
