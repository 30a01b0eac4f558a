#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "core/data/Augmenter.h"
#include "core/util/Error.h"
#include "support/TestImages.h"

namespace tl {
namespace {

using test::gradientImage;

RgbImage filled(int width, int height, std::uint8_t value) {
    return {width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3, value)};
}

void set(RgbImage& image, int x, int y, std::uint8_t value) {
    for (int c = 0; c < 3; ++c) image.pixels[(static_cast<std::size_t>(y) * image.width + x) * 3 + c] = value;
}

RgbImage mirrored(const RgbImage& image) {
    RgbImage result = image;
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            for (int c = 0; c < 3; ++c) {
                result.pixels[(y * image.width + x) * 3 + c] = image.at(image.width - 1 - x, y, c);
            }
        }
    }
    return result;
}

/// Keras' apply_affine_transform written out directly: output (r, c) samples the input at
/// T (r, c, 1), with T = C * rotation * shift * shear * zoom * C^-1 about (h/2 + 0.5, w/2 + 0.5),
/// bilinear, coordinates clamped to the image ('nearest').
RgbImage kerasReference(const RgbImage& image, const AugmentationTransform& t) {
    const double theta = t.thetaDegrees * std::numbers::pi / 180;
    const double shear = t.shearDegrees * std::numbers::pi / 180;
    // rotation * shift * shear * zoom, multiplied out by hand.
    const double a = std::cos(theta), b = -std::sin(theta), d = std::sin(theta), e = std::cos(theta);
    const double m00 = a * t.zx, m01 = (-a * std::sin(shear) + b * std::cos(shear)) * t.zy;
    const double m10 = d * t.zx, m11 = (-d * std::sin(shear) + e * std::cos(shear)) * t.zy;
    const double shiftRow = a * t.tx + b * t.ty, shiftCol = d * t.tx + e * t.ty;
    const double oRow = image.height / 2.0 + 0.5, oCol = image.width / 2.0 + 0.5;
    RgbImage out = image;
    for (int r = 0; r < image.height; ++r) {
        for (int c = 0; c < image.width; ++c) {
            const double dr = r - oRow, dc = c - oCol;
            double rIn = m00 * dr + m01 * dc + shiftRow + oRow;
            double cIn = m10 * dr + m11 * dc + shiftCol + oCol;
            rIn = std::clamp(rIn, 0.0, image.height - 1.0);
            cIn = std::clamp(cIn, 0.0, image.width - 1.0);
            const int r0 = static_cast<int>(std::floor(rIn)), c0 = static_cast<int>(std::floor(cIn));
            const int r1 = std::min(r0 + 1, image.height - 1), c1 = std::min(c0 + 1, image.width - 1);
            const double fr = rIn - r0, fc = cIn - c0;
            for (int ch = 0; ch < 3; ++ch) {
                const double v = (1 - fr) * ((1 - fc) * image.at(c0, r0, ch) + fc * image.at(c1, r0, ch)) +
                                 fr * ((1 - fc) * image.at(c0, r1, ch) + fc * image.at(c1, r1, ch));
                out.pixels[(r * image.width + c) * 3 + ch] = static_cast<std::uint8_t>(std::lround(v));
            }
        }
    }
    return out;
}

int maxDifference(const RgbImage& a, const RgbImage& b) {
    int worst = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) worst = std::max(worst, std::abs(a.pixels[i] - b.pixels[i]));
    return worst;
}

TEST(AugmenterTest, ClassicParamsAndIdentity) {
    const auto classic = AugmentationParams::classic();
    EXPECT_EQ(classic.rotationRange, 40);
    EXPECT_EQ(classic.widthShiftRange, 0.2);
    EXPECT_EQ(classic.heightShiftRange, 0.2);
    EXPECT_EQ(classic.shearRange, 0.2);
    EXPECT_EQ(classic.zoomRange, 0.2);
    EXPECT_TRUE(classic.horizontalFlip);
    EXPECT_FALSE(classic.isIdentity());
    EXPECT_TRUE(AugmentationParams{}.isIdentity());
}

TEST(AugmenterTest, RejectsBadRanges) {
    EXPECT_THROW(Augmenter({-1, 0, 0, 0, 0, false}, 1), Error);
    EXPECT_THROW(Augmenter({0, 0, 0, 0, 1.0, false}, 1), Error);
    EXPECT_THROW(Augmenter({0, NAN, 0, 0, 0, false}, 1), Error);
}

TEST(AugmenterTest, AllOffReturnsTheInputBitForBit) {
    const Augmenter augmenter({}, 123);
    const auto image = gradientImage(13, 7, 2);
    for (std::uint64_t key = 0; key < 5; ++key) EXPECT_EQ(augmenter.apply(image, key).pixels, image.pixels);
    EXPECT_EQ(Augmenter::applyTransform(image, {}).pixels, image.pixels);
}

TEST(AugmenterTest, FlipOnlyMirrorsAboutHalfTheTime) {
    AugmentationParams params;
    params.horizontalFlip = true;
    const Augmenter augmenter(params, 5);
    const auto image = gradientImage(9, 6, 1);
    const auto mirror = mirrored(image);
    int flipped = 0;
    int kept = 0;
    for (std::uint64_t key = 0; key < 40; ++key) {
        const auto out = augmenter.apply(image, key);
        if (out.pixels == image.pixels) {
            ++kept;
        } else if (out.pixels == mirror.pixels) {
            ++flipped;
        } else {
            ADD_FAILURE() << "key " << key << ": neither the input nor its mirror";
        }
    }
    EXPECT_GT(flipped, 5);
    EXPECT_GT(kept, 5);
}

TEST(AugmenterTest, ReproducibleForSeedAndKeyWhateverTheCallOrder) {
    const auto image = gradientImage(24, 20, 4);
    const Augmenter first(AugmentationParams::classic(), 77);
    const Augmenter second(AugmentationParams::classic(), 77);
    const auto a = first.apply(image, Augmenter::sampleKey(3, 10));
    second.apply(image, Augmenter::sampleKey(0, 0));  // other calls in between change nothing
    EXPECT_EQ(second.apply(image, Augmenter::sampleKey(3, 10)).pixels, a.pixels);
    EXPECT_NE(first.apply(image, Augmenter::sampleKey(3, 11)).pixels, a.pixels);
    EXPECT_NE(first.apply(image, Augmenter::sampleKey(4, 10)).pixels, a.pixels);
    EXPECT_NE(Augmenter(AugmentationParams::classic(), 78).apply(image, Augmenter::sampleKey(3, 10)).pixels, a.pixels);
}

TEST(AugmenterTest, DrawsWithinKerasRanges) {
    const Augmenter augmenter(AugmentationParams::classic(), 9);
    double minTheta = 0, maxTheta = 0, minZoom = 1, maxZoom = 1;
    int flips = 0;
    const int draws = 400;
    for (int key = 0; key < draws; ++key) {
        const auto t = augmenter.drawTransform({50, 30}, static_cast<std::uint64_t>(key));
        ASSERT_LE(std::abs(t.thetaDegrees), 40.0);
        ASSERT_LE(std::abs(t.tx), 0.2 * 30);  // rows: height shift
        ASSERT_LE(std::abs(t.ty), 0.2 * 50);  // columns: width shift
        ASSERT_LE(std::abs(t.shearDegrees), 0.2);
        for (double zoom : {t.zx, t.zy}) {
            ASSERT_GE(zoom, 0.8);
            ASSERT_LE(zoom, 1.2);
            minZoom = std::min(minZoom, zoom);
            maxZoom = std::max(maxZoom, zoom);
        }
        minTheta = std::min(minTheta, t.thetaDegrees);
        maxTheta = std::max(maxTheta, t.thetaDegrees);
        flips += t.flipHorizontal;
    }
    EXPECT_LT(minTheta, -35);
    EXPECT_GT(maxTheta, 35);
    EXPECT_LT(minZoom, 0.82);
    EXPECT_GT(maxZoom, 1.18);
    EXPECT_GT(flips, draws * 35 / 100);
    EXPECT_LT(flips, draws * 65 / 100);
}

TEST(AugmenterTest, TurningOneParameterOffKeepsTheOthers) {
    auto params = AugmentationParams::classic();
    const Augmenter full(params, 3);
    params.rotationRange = 0;
    const Augmenter noRotation(params, 3);
    for (std::uint64_t key = 0; key < 10; ++key) {
        const auto a = full.drawTransform({40, 40}, key);
        const auto b = noRotation.drawTransform({40, 40}, key);
        EXPECT_EQ(b.thetaDegrees, 0);
        EXPECT_EQ(a.tx, b.tx);
        EXPECT_EQ(a.ty, b.ty);
        EXPECT_EQ(a.zx, b.zx);
        EXPECT_EQ(a.flipHorizontal, b.flipHorizontal);
    }
}

TEST(AugmenterTest, RotationByNinetyMovesTopLeftToTopRight) {
    auto image = filled(21, 21, 30);
    for (int y = 2; y <= 6; ++y) {
        for (int x = 2; x <= 6; ++x) set(image, x, y, 220);
    }
    AugmentationTransform t;
    t.thetaDegrees = 90;
    const auto out = Augmenter::applyTransform(image, t);
    // Output (r, c) samples the input at (22 - c, r) about Keras' centre (11, 11): the block at
    // rows 2-6, columns 2-6 lands at rows 2-6, columns 16-20.
    EXPECT_GT(out.at(18, 4, 0), 200);
    EXPECT_LT(out.at(4, 4, 0), 40);
    EXPECT_LT(out.at(4, 18, 0), 40);
    EXPECT_LT(out.at(18, 18, 0), 40);
    EXPECT_EQ(maxDifference(out, kerasReference(image, t)), 0);
}

TEST(AugmenterTest, MatchesKerasFormulaForACombinedTransform) {
    const auto image = gradientImage(32, 24);  // seed 0: no wrap-around edges inside the image
    AugmentationTransform t;
    t.thetaDegrees = 17;
    t.tx = 3.5;
    t.ty = -2.25;
    t.shearDegrees = 12;
    t.zx = 0.9;
    t.zy = 1.15;
    const auto out = Augmenter::applyTransform(image, t);
    EXPECT_LE(maxDifference(out, kerasReference(image, t)), 2);
    t.flipHorizontal = true;
    EXPECT_LE(maxDifference(Augmenter::applyTransform(image, t), mirrored(kerasReference(image, t))), 2);
}

TEST(AugmenterTest, ShiftsByTheDrawnFraction) {
    // A bright column at x = 12 of a 32x16 image; widthShiftRange 0.25 shifts by up to 8 pixels.
    auto image = filled(32, 16, 20);
    for (int y = 0; y < 16; ++y) set(image, 12, y, 250);
    AugmentationParams params;
    params.widthShiftRange = 0.25;
    const Augmenter augmenter(params, 11);
    double largest = 0;
    for (std::uint64_t key = 0; key < 12; ++key) {
        const auto t = augmenter.drawTransform({32, 16}, key);
        ASSERT_LE(std::abs(t.ty), 8.0);
        EXPECT_EQ(t.tx, 0);
        largest = std::max(largest, std::abs(t.ty));
        const auto out = augmenter.apply(image, key);
        int brightest = 0;
        for (int x = 1; x < 32; ++x) brightest = out.at(x, 8, 0) > out.at(brightest, 8, 0) ? x : brightest;
        // Keras samples the input at column c + ty, so the column moves to 12 - ty.
        EXPECT_NEAR(brightest, 12 - t.ty, 0.5 + 1e-9) << "key " << key << ", ty " << t.ty;
    }
    EXPECT_GT(largest, 4.0);
}

TEST(AugmenterTest, HeightShiftMovesRows) {
    auto image = filled(16, 32, 20);
    for (int x = 0; x < 16; ++x) set(image, x, 20, 250);
    AugmentationTransform t;
    t.tx = 6;  // rows
    const auto out = Augmenter::applyTransform(image, t);
    EXPECT_EQ(out.at(8, 14, 1), 250);
    EXPECT_EQ(out.at(8, 20, 1), 20);
}

TEST(AugmenterTest, NearestFillReplicatesTheBorder) {
    RgbImage image = filled(16, 16, 0);
    for (int y = 0; y < 16; ++y) {
        for (int x = 0; x < 16; ++x) set(image, x, y, static_cast<std::uint8_t>(40 + 8 * y + 4 * x));
    }
    AugmentationTransform shift;
    shift.ty = 8;  // columns: output column c shows input column c + 8, clamped to 15
    const auto out = Augmenter::applyTransform(image, shift);
    for (int y = 0; y < 16; ++y) {
        for (int x = 0; x < 16; ++x) ASSERT_EQ(out.at(x, y, 0), image.at(std::min(x + 8, 15), y, 0)) << x << "," << y;
    }

    // Rotated and zoomed out, the corners come from the border: never black.
    AugmentationTransform turn;
    turn.thetaDegrees = 45;
    turn.zx = turn.zy = 1.2;
    const auto turned = Augmenter::applyTransform(image, turn);
    EXPECT_GE(*std::min_element(turned.pixels.begin(), turned.pixels.end()), 40);
    EXPECT_NE(turned.pixels, image.pixels);
}

TEST(AugmenterTest, SampleKeysAreDistinct) {
    EXPECT_NE(Augmenter::sampleKey(0, 1), Augmenter::sampleKey(1, 1));
    EXPECT_NE(Augmenter::sampleKey(0, 1), Augmenter::sampleKey(0, 2));
    EXPECT_NE(Augmenter::sampleKey(1, 0), Augmenter::sampleKey(0, 1));
}

}  // namespace
}  // namespace tl
