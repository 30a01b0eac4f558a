#pragma once
// Internal: OpenCV types. Draws the generated world's objects: shapes filled with patterns, at a
// position, size and angle, onto an 8-bit BGR-or-RGB canvas (channel order is the caller's).
#include <opencv2/core.hpp>

#include <random>

#include "core/data/RgbImage.h"

namespace tl::internal {

/// The outlines the world is made of. Every one fits the unit disc before placement.
enum class Shape { Circle, Square, Triangle, Star, Cross, Ring, Diamond, Hexagon, Crescent, Arrow, Ell, HalfDisc };
inline constexpr int kShapeCount = 12;

/// How a shape's inside is painted: its colour alone, stripes, dots or a checkerboard of a second
/// colour, or only a thick outline.
enum class Pattern { Solid, Stripes, Dots, Checker, Outline };
inline constexpr int kPatternCount = 5;

/// Where a shape goes: centre and radius in canvas pixels, angle in radians.
struct Placement {
    cv::Point2f centre;
    float radius = 10;
    float angle = 0;
};

/// Colours and pattern geometry of one painted object.
struct Paint {
    Pattern pattern = Pattern::Solid;
    cv::Scalar colour;
    cv::Scalar second;       ///< the pattern's colour
    float period = 8;        ///< stripe, dot and checker spacing, canvas pixels
    float patternAngle = 0;  ///< radians
};

/// A CV_8U mask of `size`, 255 inside `shape` at `where`.
cv::Mat shapeMask(cv::Size size, Shape shape, const Placement& where);

/// Paints `paint` onto `canvas` (CV_8UC3) wherever `mask` is set.
void paintMasked(cv::Mat& canvas, const cv::Mat& mask, const Paint& paint);

/// A random colour at least `minimumDistance` (Euclidean, 0..441) from `avoid`.
cv::Scalar contrastingColour(std::mt19937_64& random, const cv::Scalar& avoid, double minimumDistance);

/// A cluttered background: a smooth two-colour gradient at a random angle over all of `canvas`.
void paintBackground(cv::Mat& canvas, std::mt19937_64& random);

/// `rgb` (CV_8UC3, RGB order) with uniform pixel noise in [0, amplitude) added (saturating), as
/// an RgbImage; the noise is seeded from `random`. What the generated data sets finish with.
RgbImage toNoisyImage(cv::Mat rgb, int amplitude, std::mt19937_64& random);

}  // namespace tl::internal
