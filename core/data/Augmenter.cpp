#include "core/data/Augmenter.h"

#include <opencv2/imgproc.hpp>

#include <array>
#include <cmath>
#include <numbers>
#include <string>

#include "core/util/DeterministicRandom.h"
#include "core/util/Error.h"

namespace tl {
namespace {

/// A 3x3 affine matrix in Keras' (row, column) coordinates.
using Matrix = std::array<std::array<double, 3>, 3>;

constexpr Matrix kIdentity{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};

Matrix multiply(const Matrix& a, const Matrix& b) {
    Matrix product{};
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
            for (int k = 0; k < 3; ++k) product[i][j] += a[i][k] * b[k][j];
        }
    }
    return product;
}

double radians(double degrees) {
    return degrees * std::numbers::pi / 180.0;
}

bool hasAffinePart(const AugmentationTransform& t) {
    return t.thetaDegrees != 0 || t.tx != 0 || t.ty != 0 || t.shearDegrees != 0 || t.zx != 1 || t.zy != 1;
}

/// Keras' apply_affine_transform matrix: rotation * shift * shear * zoom, moved to the centre
/// with transform_matrix_offset_center. It maps an output (row, col) to the input (row, col).
Matrix kerasMatrix(const AugmentationTransform& t, int height, int width) {
    const double theta = radians(t.thetaDegrees);
    const double shear = radians(t.shearDegrees);
    const Matrix rotation{{{std::cos(theta), -std::sin(theta), 0}, {std::sin(theta), std::cos(theta), 0}, {0, 0, 1}}};
    const Matrix shift{{{1, 0, t.tx}, {0, 1, t.ty}, {0, 0, 1}}};
    const Matrix shearing{{{1, -std::sin(shear), 0}, {0, std::cos(shear), 0}, {0, 0, 1}}};
    const Matrix zoom{{{t.zx, 0, 0}, {0, t.zy, 0}, {0, 0, 1}}};
    const Matrix m = multiply(multiply(multiply(rotation, shift), shearing), zoom);
    // Keras' centre is size/2 + 0.5, half a pixel past the true centre (size-1)/2; kept for parity.
    const double rowCentre = height / 2.0 + 0.5;
    const double colCentre = width / 2.0 + 0.5;
    const Matrix toCentre{{{1, 0, rowCentre}, {0, 1, colCentre}, {0, 0, 1}}};
    const Matrix fromCentre{{{1, 0, -rowCentre}, {0, 1, -colCentre}, {0, 0, 1}}};
    return multiply(multiply(toCentre, m), fromCentre);
}

void checkRange(double value, const char* name) {
    if (!std::isfinite(value) || value < 0) {
        throw Error(std::string("augmentation: ") + name + " must be a finite number >= 0, got " +
                    std::to_string(value));
    }
}

/// Uniform in [-range, range].
double symmetric(SplitMix64& random, double range) {
    return (2.0 * uniformUnit(random) - 1.0) * range;
}

}  // namespace

bool AugmentationParams::isIdentity() const {
    return rotationRange == 0 && widthShiftRange == 0 && heightShiftRange == 0 && shearRange == 0 && zoomRange == 0 &&
           !horizontalFlip;
}

AugmentationParams AugmentationParams::classic() {
    return {40.0, 0.2, 0.2, 0.2, 0.2, true};
}

Augmenter::Augmenter(AugmentationParams params, std::uint64_t seed) : params_(params), seed_(seed) {
    checkRange(params.rotationRange, "rotation range");
    checkRange(params.widthShiftRange, "width shift range");
    checkRange(params.heightShiftRange, "height shift range");
    checkRange(params.shearRange, "shear range");
    checkRange(params.zoomRange, "zoom range");
    if (params.zoomRange >= 1) throw Error("augmentation: zoom range must be below 1 (zoom factors in [1-r, 1+r])");
}

std::uint64_t Augmenter::sampleKey(int epoch, std::size_t index) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(epoch)) << 40) ^ static_cast<std::uint64_t>(index);
}

AugmentationTransform Augmenter::drawTransform(ImageSize size, std::uint64_t sampleKey) const {
    // Seven numbers are always drawn, in Keras' order, so turning one parameter off leaves the
    // values of the others unchanged.
    SplitMix64 random(combineSeed(seed_, sampleKey));
    const double theta = symmetric(random, params_.rotationRange);
    const double heightShift = symmetric(random, params_.heightShiftRange);
    const double widthShift = symmetric(random, params_.widthShiftRange);
    const double shear = symmetric(random, params_.shearRange);
    const double zx = 1.0 + symmetric(random, params_.zoomRange);
    const double zy = 1.0 + symmetric(random, params_.zoomRange);
    const bool flip = uniformUnit(random) < 0.5;

    AugmentationTransform transform;
    transform.thetaDegrees = theta;
    transform.tx = heightShift * size.height;
    transform.ty = widthShift * size.width;
    transform.shearDegrees = shear;
    transform.zx = zx;
    transform.zy = zy;
    transform.flipHorizontal = params_.horizontalFlip && flip;
    return transform;
}

RgbImage Augmenter::applyTransform(const RgbImage& image, const AugmentationTransform& transform) {
    if (image.empty()) return image;
    RgbImage result = image;
    if (hasAffinePart(transform)) {
        const auto m = kerasMatrix(transform, image.height, image.width);
        // OpenCV speaks (x, y) = (col, row): swap the axes of Keras' matrix.
        const cv::Matx23d inverse(m[1][1], m[1][0], m[1][2], m[0][1], m[0][0], m[0][2]);
        const cv::Mat source(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.pixels.data()));
        cv::Mat destination(result.height, result.width, CV_8UC3, result.pixels.data());
        cv::warpAffine(source, destination, inverse, source.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                       cv::BORDER_REPLICATE);
    }
    if (transform.flipHorizontal) {
        const std::size_t rowBytes = static_cast<std::size_t>(result.width) * 3;
        for (int y = 0; y < result.height; ++y) {
            std::uint8_t* row = result.pixels.data() + y * rowBytes;
            for (int left = 0, right = result.width - 1; left < right; ++left, --right) {
                for (int c = 0; c < 3; ++c) std::swap(row[left * 3 + c], row[right * 3 + c]);
            }
        }
    }
    return result;
}

RgbImage Augmenter::apply(const RgbImage& image, std::uint64_t sampleKey) const {
    if (params_.isIdentity()) return image;
    return applyTransform(image, drawTransform({image.width, image.height}, sampleKey));
}

}  // namespace tl
