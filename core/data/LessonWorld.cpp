#include "core/data/LessonWorld.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

#include "core/data/ImageWriter.h"
#include "core/data/internal/ShapePainter.h"
#include "core/util/Error.h"

namespace tl {
namespace {

using internal::Paint;
using internal::Pattern;
using internal::Placement;
using internal::Shape;

// Objects are drawn at twice the image size and shrunk with area averaging: smooth edges.
constexpr int kCanvas = 2 * kLessonImageSize;
constexpr float kPi = 3.14159265f;

const char* const kShapeNames[] = {"circle",  "square",  "triangle", "star",  "cross", "ring",
                                   "diamond", "hexagon", "crescent", "arrow", "ell",   "half-disc"};
const char* const kPatternNames[] = {"solid", "stripes", "dots", "checker", "outline"};

float uniform(std::mt19937_64& random, float low, float high) {
    return std::uniform_real_distribution<float>(low, high)(random);
}

int pick(std::mt19937_64& random, int count) {
    return std::uniform_int_distribution<int>(0, count - 1)(random);
}

Paint randomPaint(std::mt19937_64& random, Pattern pattern, const cv::Scalar& background) {
    Paint paint;
    paint.pattern = pattern;
    paint.colour = internal::contrastingColour(random, background, 120);
    paint.second = internal::contrastingColour(random, paint.colour, 150);
    paint.period = uniform(random, 7, 11);
    paint.patternAngle = uniform(random, 0, kPi);
    return paint;
}

/// A point whose disc of `radius` stays inside the canvas by `margin` of it.
cv::Point2f somewhere(std::mt19937_64& random, float radius, float margin = 0.85f) {
    const float low = radius * margin, high = kCanvas - radius * margin;
    return {uniform(random, low, high), uniform(random, low, high)};
}

cv::Scalar backgroundColour(const cv::Mat& canvas) {
    return cv::mean(canvas);
}

/// Up to `most` small objects of any shape and pattern, drawn before the subject.
void addDistractors(cv::Mat& canvas, std::mt19937_64& random, int most) {
    const int count = pick(random, most + 1);
    for (int i = 0; i < count; ++i) {
        Placement where;
        where.radius = uniform(random, 0.10f, 0.17f) * kCanvas;
        where.centre = somewhere(random, where.radius, 0.5f);
        where.angle = uniform(random, 0, 2 * kPi);
        const auto shape = static_cast<Shape>(pick(random, internal::kShapeCount));
        const auto paint =
            randomPaint(random, static_cast<Pattern>(pick(random, internal::kPatternCount)), backgroundColour(canvas));
        internal::paintMasked(canvas, internal::shapeMask(canvas.size(), shape, where), paint);
    }
}

cv::Mat newCanvas(std::mt19937_64& random) {
    cv::Mat canvas(kCanvas, kCanvas, CV_8UC3);
    internal::paintBackground(canvas, random);
    addDistractors(canvas, random, 2);
    return canvas;
}

/// Shrinks the canvas to the image size and adds a little pixel noise.
RgbImage finish(const cv::Mat& canvas, std::mt19937_64& random) {
    cv::Mat small;
    cv::resize(canvas, small, {kLessonImageSize, kLessonImageSize}, 0, 0, cv::INTER_AREA);
    return internal::toNoisyImage(small, 16, random);
}

/// A point of a face given in head-radius units, rotated and placed with the head.
cv::Point2f onFace(const Placement& head, float x, float y) {
    const float c = std::cos(head.angle), s = std::sin(head.angle);
    return {head.centre.x + head.radius * (c * x - s * y), head.centre.y + head.radius * (s * x + c * y)};
}

/// The face's outline: the head and its two ears (triangles pointing up for a cat, diamonds
/// hanging beside the head for a dog).
cv::Mat faceMask(int label, const Placement& head) {
    cv::Mat mask = internal::shapeMask({kCanvas, kCanvas}, Shape::Circle, head);
    for (const float side : {-1.0f, 1.0f}) {
        Placement ear;
        if (label == 0) {
            ear.centre = onFace(head, 0.62f * side, -0.82f);
            ear.radius = 0.5f * head.radius;
            ear.angle = head.angle + side * 0.25f;
            cv::bitwise_or(mask, internal::shapeMask(mask.size(), Shape::Triangle, ear), mask);
        } else {
            ear.centre = onFace(head, 1.0f * side, 0.15f);
            ear.radius = 0.6f * head.radius;
            ear.angle = head.angle - side * 0.35f;
            cv::bitwise_or(mask, internal::shapeMask(mask.size(), Shape::Diamond, ear), mask);
        }
    }
    return mask;
}

}  // namespace

const std::vector<std::string>& lessonSourceClasses() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> result;
        for (const auto* shape : kShapeNames) {
            for (const auto* pattern : kPatternNames) result.push_back(std::string(shape) + "-" + pattern);
        }
        return result;
    }();
    return names;
}

const std::vector<std::string>& lessonSourceClassifierLabels() {
    static const std::vector<std::string> names = [] {
        auto sorted = lessonSourceClasses();
        std::sort(sorted.begin(), sorted.end());
        return sorted;
    }();
    return names;
}

const std::vector<std::string>& lessonTargetClasses() {
    static const std::vector<std::string> names{"cat", "dog"};
    return names;
}

RgbImage drawSourceImage(int index, std::mt19937_64& random) {
    if (index < 0 || index >= static_cast<int>(lessonSourceClasses().size())) {
        throw Error("source class " + std::to_string(index) + " does not exist");
    }
    auto canvas = newCanvas(random);
    Placement where;
    where.radius = uniform(random, 0.26f, 0.42f) * kCanvas;
    where.centre = somewhere(random, where.radius);
    where.angle = uniform(random, 0, 2 * kPi);
    const auto shape = static_cast<Shape>(index / internal::kPatternCount);
    const auto paint =
        randomPaint(random, static_cast<Pattern>(index % internal::kPatternCount), backgroundColour(canvas));
    internal::paintMasked(canvas, internal::shapeMask(canvas.size(), shape, where), paint);
    return finish(canvas, random);
}

RgbImage drawTargetImage(int label, std::mt19937_64& random) {
    if (label != 0 && label != 1) throw Error("target class " + std::to_string(label) + " does not exist");
    auto canvas = newCanvas(random);
    Placement head;
    head.radius = uniform(random, 0.18f, 0.27f) * kCanvas;
    head.centre = somewhere(random, head.radius, 1.6f);
    head.angle = uniform(random, -0.5f, 0.5f);
    static constexpr Pattern kFur[] = {Pattern::Solid, Pattern::Stripes, Pattern::Dots};
    const auto paint = randomPaint(random, kFur[pick(random, 3)], backgroundColour(canvas));
    internal::paintMasked(canvas, faceMask(label, head), paint);
    // Two eyes, the same for both classes.
    for (const float side : {-1.0f, 1.0f}) {
        cv::circle(canvas, onFace(head, 0.38f * side, -0.15f), std::max(2, static_cast<int>(head.radius * 0.14f)),
                   paint.second, cv::FILLED, cv::LINE_AA);
    }
    return finish(canvas, random);
}

bool writeLessonSourceSet(const std::filesystem::path& root, int perClass, std::uint64_t seed,
                          const WriteProgress& progress) {
    if (perClass <= 0) throw Error("source set: images per class must be > 0");
    const auto& classes = lessonSourceClasses();
    const int total = perClass * static_cast<int>(classes.size());
    std::mt19937_64 random(seed);
    int written = 0;
    for (int i = 0; i < perClass; ++i) {
        for (int index = 0; index < static_cast<int>(classes.size()); ++index) {
            const auto& name = classes[static_cast<std::size_t>(index)];
            writeImage(root / name / (name + "." + std::to_string(i) + ".png"), drawSourceImage(index, random));
            if (progress && !progress(++written, total)) return false;
        }
    }
    return true;
}

void writeLessonTargetSet(const std::filesystem::path& root, const LessonTargetCounts& counts, std::uint64_t seed) {
    const std::pair<const char*, int> splits[] = {
        {"train", counts.train}, {"validation", counts.validation}, {"test", counts.test}};
    int first = 0;
    for (std::size_t s = 0; s < std::size(splits); ++s) {
        const auto [split, perClass] = splits[s];
        if (perClass <= 0) throw Error(std::string("target set: the ") + split + " split needs images");
        std::mt19937_64 random(seed * 3 + s);
        for (int i = 0; i < perClass; ++i) {
            for (int label = 0; label < 2; ++label) {
                const auto& name = lessonTargetClasses()[static_cast<std::size_t>(label)];
                writeImage(root / split / name / (name + "." + std::to_string(first + i) + ".png"),
                           drawTargetImage(label, random));
            }
        }
        first += perClass;
    }
}

}  // namespace tl
