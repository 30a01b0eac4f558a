#include "core/data/internal/ShapePainter.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <vector>

namespace tl::internal {
namespace {

constexpr float kPi = 3.14159265f;

using Outline = std::vector<cv::Point2f>;

/// A regular polygon (or, with many corners, a circle) of radius `r` around (cx, cy), the first
/// corner at `start` radians.
Outline regular(int corners, float r, float start = -kPi / 2, float cx = 0, float cy = 0) {
    Outline points;
    for (int i = 0; i < corners; ++i) {
        const float a = start + 2 * kPi * static_cast<float>(i) / static_cast<float>(corners);
        points.emplace_back(cx + r * std::cos(a), cy + r * std::sin(a));
    }
    return points;
}

Outline star() {
    Outline points;
    for (int i = 0; i < 10; ++i) {
        const float a = -kPi / 2 + kPi * static_cast<float>(i) / 5;
        const float r = i % 2 == 0 ? 1.0f : 0.45f;
        points.emplace_back(r * std::cos(a), r * std::sin(a));
    }
    return points;
}

Outline halfDisc() {
    Outline points;
    for (int i = 0; i <= 20; ++i) {
        const float a = kPi * static_cast<float>(i) / 20;
        points.emplace_back(std::cos(a), 0.5f - std::sin(a));
    }
    return points;
}

/// Unit-disc outlines to fill; the second list is cut out of the first.
struct UnitShape {
    std::vector<Outline> filled;
    std::vector<Outline> holes;
};

UnitShape unitShape(Shape shape) {
    switch (shape) {
        case Shape::Circle:
            return {{regular(40, 1)}, {}};
        case Shape::Square:
            return {{{{-0.75f, -0.75f}, {0.75f, -0.75f}, {0.75f, 0.75f}, {-0.75f, 0.75f}}}, {}};
        case Shape::Triangle:
            return {{regular(3, 1)}, {}};
        case Shape::Star:
            return {{star()}, {}};
        case Shape::Cross:
            return {{{{-0.3f, -1},
                      {0.3f, -1},
                      {0.3f, -0.3f},
                      {1, -0.3f},
                      {1, 0.3f},
                      {0.3f, 0.3f},
                      {0.3f, 1},
                      {-0.3f, 1},
                      {-0.3f, 0.3f},
                      {-1, 0.3f},
                      {-1, -0.3f},
                      {-0.3f, -0.3f}}},
                    {}};
        case Shape::Ring:
            return {{regular(40, 1)}, {regular(40, 0.55f)}};
        case Shape::Diamond:
            return {{{{0, -1}, {0.6f, 0}, {0, 1}, {-0.6f, 0}}}, {}};
        case Shape::Hexagon:
            return {{regular(6, 1, 0)}, {}};
        case Shape::Crescent:
            return {{regular(40, 1)}, {regular(40, 0.85f, 0, 0.45f, -0.2f)}};
        case Shape::Arrow:
            return {{{{-1, -0.25f}, {0.2f, -0.25f}, {0.2f, -0.65f}, {1, 0}, {0.2f, 0.65f}, {0.2f, 0.25f}, {-1, 0.25f}}},
                    {}};
        case Shape::Ell:
            return {{{{-0.7f, -1}, {-0.2f, -1}, {-0.2f, 0.5f}, {0.7f, 0.5f}, {0.7f, 1}, {-0.7f, 1}}}, {}};
        case Shape::HalfDisc:
            return {{halfDisc()}, {}};
    }
    return {};
}

std::vector<std::vector<cv::Point>> placed(const std::vector<Outline>& outlines, const Placement& where) {
    const float c = std::cos(where.angle), s = std::sin(where.angle);
    std::vector<std::vector<cv::Point>> result;
    for (const auto& outline : outlines) {
        std::vector<cv::Point> points;
        for (const auto& p : outline) {
            points.emplace_back(static_cast<int>(std::lround(where.centre.x + where.radius * (c * p.x - s * p.y))),
                                static_cast<int>(std::lround(where.centre.y + where.radius * (s * p.x + c * p.y))));
        }
        result.push_back(std::move(points));
    }
    return result;
}

/// 1 where the pattern shows its second colour, in the pattern's rotated frame.
bool patternAt(const Paint& paint, float x, float y) {
    const float c = std::cos(paint.patternAngle), s = std::sin(paint.patternAngle);
    const float u = (c * x + s * y) / paint.period, v = (-s * x + c * y) / paint.period;
    switch (paint.pattern) {
        case Pattern::Stripes:
            return u - std::floor(u) < 0.5f;
        case Pattern::Checker:
            return (static_cast<int>(std::floor(u)) + static_cast<int>(std::floor(v))) % 2 == 0;
        case Pattern::Dots: {
            const float du = u - std::floor(u) - 0.5f, dv = v - std::floor(v) - 0.5f;
            return du * du + dv * dv < 0.09f;
        }
        default:
            return false;
    }
}

}  // namespace

cv::Mat shapeMask(cv::Size size, Shape shape, const Placement& where) {
    cv::Mat mask = cv::Mat::zeros(size, CV_8U);
    const auto unit = unitShape(shape);
    cv::fillPoly(mask, placed(unit.filled, where), cv::Scalar(255));
    if (!unit.holes.empty()) cv::fillPoly(mask, placed(unit.holes, where), cv::Scalar(0));
    return mask;
}

void paintMasked(cv::Mat& canvas, const cv::Mat& mask, const Paint& paint) {
    cv::Mat region = mask;
    if (paint.pattern == Pattern::Outline) {
        const int thickness = std::max(2, static_cast<int>(paint.period / 2));
        cv::Mat inner;
        cv::erode(mask, inner, cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * thickness + 1, 2 * thickness + 1}));
        region = mask - inner;
    }
    const cv::Vec3b first(static_cast<uchar>(paint.colour[0]), static_cast<uchar>(paint.colour[1]),
                          static_cast<uchar>(paint.colour[2]));
    const cv::Vec3b second(static_cast<uchar>(paint.second[0]), static_cast<uchar>(paint.second[1]),
                           static_cast<uchar>(paint.second[2]));
    for (int y = 0; y < canvas.rows; ++y) {
        const auto* inside = region.ptr<uchar>(y);
        auto* pixel = canvas.ptr<cv::Vec3b>(y);
        for (int x = 0; x < canvas.cols; ++x) {
            if (inside[x]) pixel[x] = patternAt(paint, static_cast<float>(x), static_cast<float>(y)) ? second : first;
        }
    }
}

cv::Scalar contrastingColour(std::mt19937_64& random, const cv::Scalar& avoid, double minimumDistance) {
    std::uniform_int_distribution<int> channel(0, 255);
    cv::Scalar colour;
    for (int attempt = 0; attempt < 64; ++attempt) {
        colour = cv::Scalar(channel(random), channel(random), channel(random));
        if (cv::norm(colour - avoid) >= minimumDistance) break;
    }
    return colour;
}

void paintBackground(cv::Mat& canvas, std::mt19937_64& random) {
    std::uniform_int_distribution<int> channel(0, 255);
    std::uniform_real_distribution<float> angle(0, 2 * kPi);
    const cv::Vec3f from(static_cast<float>(channel(random)), static_cast<float>(channel(random)),
                         static_cast<float>(channel(random)));
    const cv::Vec3f to(static_cast<float>(channel(random)), static_cast<float>(channel(random)),
                       static_cast<float>(channel(random)));
    const float a = angle(random), c = std::cos(a), s = std::sin(a);
    const float extent = static_cast<float>(canvas.cols + canvas.rows);
    for (int y = 0; y < canvas.rows; ++y) {
        auto* pixel = canvas.ptr<cv::Vec3b>(y);
        for (int x = 0; x < canvas.cols; ++x) {
            const float t = 0.5f + (c * static_cast<float>(x) + s * static_cast<float>(y)) / extent;
            const cv::Vec3f mixed = from * (1 - t) + to * t;
            pixel[x] = cv::Vec3b(cv::saturate_cast<uchar>(mixed[0]), cv::saturate_cast<uchar>(mixed[1]),
                                 cv::saturate_cast<uchar>(mixed[2]));
        }
    }
}

RgbImage toNoisyImage(cv::Mat rgb, int amplitude, std::mt19937_64& random) {
    cv::Mat noise(rgb.size(), CV_8UC3);
    cv::theRNG().state = random();
    cv::randu(noise, 0, amplitude);
    rgb += noise;
    RgbImage image{rgb.cols, rgb.rows, {}};
    image.pixels.assign(rgb.data, rgb.data + rgb.total() * 3);
    return image;
}

}  // namespace tl::internal
