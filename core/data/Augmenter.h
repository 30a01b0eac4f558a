#pragma once
#include <cstddef>
#include <cstdint>

#include "core/data/RgbImage.h"

namespace tl {

/// The six parameters of Keras' ImageDataGenerator used by the classic recipe, with Keras'
/// meaning and units. 0 (or false) turns one off. fill_mode is always 'nearest'.
struct AugmentationParams {
    double rotationRange = 0;     ///< degrees; angle drawn uniformly in [-r, r]
    double widthShiftRange = 0;   ///< fraction of the width; shift drawn in [-r, r] * width
    double heightShiftRange = 0;  ///< fraction of the height
    double shearRange = 0;        ///< degrees (Keras' unit), drawn in [-r, r]
    double zoomRange = 0;         ///< zoom factors for x and y drawn independently in [1-r, 1+r]
    bool horizontalFlip = false;  ///< flip with probability 0.5

    bool isIdentity() const;
    /// The classic recipe's values: 40, 0.2, 0.2, 0.2, 0.2, true.
    static AugmentationParams classic();
};

/// One draw of the random parameters for one sample, in Keras' units and axes (what
/// ImageDataGenerator.get_random_transform returns). The affine part maps output to input
/// coordinates, as scipy's affine_transform does.
struct AugmentationTransform {
    double thetaDegrees = 0;      ///< rotation, degrees
    double tx = 0;                ///< shift along rows (Keras' height shift), pixels
    double ty = 0;                ///< shift along columns (Keras' width shift), pixels
    double shearDegrees = 0;      ///< degrees
    double zx = 1;                ///< zoom along rows (Keras' zx)
    double zy = 1;                ///< zoom along columns (Keras' zy)
    bool flipHorizontal = false;  ///< mirror left-right after the affine part
};

/// Applies random affine augmentation like Keras' ImageDataGenerator (rotation, shift, shear,
/// zoom about the image centre, bilinear sampling, 'nearest' fill, then horizontal flip).
/// Reproducible: the transform depends only on (seed, sampleKey), never on call order or thread,
/// so the same epoch/index pair gives the same image on every run. Thread-safe (const).
class Augmenter {
public:
    /// Throws tl::Error for a negative or non-finite range, or a zoom range of 1 or more.
    Augmenter(AugmentationParams params, std::uint64_t seed);

    /// With all parameters off, returns the input unchanged (bit for bit).
    RgbImage apply(const RgbImage& image, std::uint64_t sampleKey) const;

    /// A key for (epoch, index in the epoch) to pass to apply(). Distinct for indices below 2^40.
    static std::uint64_t sampleKey(int epoch, std::size_t index);

    /// The transform apply() uses for `sampleKey` on an image of `size`.
    AugmentationTransform drawTransform(ImageSize size, std::uint64_t sampleKey) const;

    /// Keras' apply_transform for one drawn transform: rotation, shift, shear and zoom about the
    /// image centre (bilinear, 'nearest' fill), then the flip. Returns the input unchanged (bit
    /// for bit) when the transform is the identity.
    static RgbImage applyTransform(const RgbImage& image, const AugmentationTransform& transform);

    const AugmentationParams& params() const { return params_; }

private:
    AugmentationParams params_;
    std::uint64_t seed_;
};

}  // namespace tl
