#include "core/data/DemoDataset.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <random>
#include <string>

#include "core/data/ImageWriter.h"
#include "core/data/internal/ShapePainter.h"
#include "core/util/Error.h"

namespace tl {
namespace {

constexpr const char* kClassNames[] = {"cat", "dog"};

RgbImage drawClassImage(int label, int size, std::mt19937_64& random) {
    std::uniform_int_distribution<int> jitter(-30, 30);
    cv::Mat rgb(size, size, CV_8UC3);
    if (label == 0) {
        rgb.setTo(cv::Scalar(50 + jitter(random), 50 + jitter(random), 50 + jitter(random)));
        std::uniform_int_distribution<int> where(size / 4, 3 * size / 4);
        std::uniform_int_distribution<int> radius(size / 8, size / 4);
        cv::circle(rgb, {where(random), where(random)}, radius(random), cv::Scalar(230, 220, 200), cv::FILLED);
    } else {
        rgb.setTo(cv::Scalar(200 + jitter(random) / 2, 190 + jitter(random) / 2, 180 + jitter(random) / 2));
        const int period = std::max(4, size / 8);
        for (int x = static_cast<int>(random() % period); x < size; x += period) {
            cv::rectangle(rgb, {x, 0}, {x + period / 3, size - 1}, cv::Scalar(30, 30, 40), cv::FILLED);
        }
    }
    return internal::toNoisyImage(rgb, 24, random);
}

void writeClassImages(const std::filesystem::path& folder, bool classSubfolders, int firstIndex,
                      const DemoDatasetOptions& options, std::mt19937_64& random) {
    for (int label = 0; label < 2; ++label) {
        for (int i = 0; i < options.perClass; ++i) {
            const auto name = std::string(kClassNames[label]) + "." + std::to_string(firstIndex + i) + ".png";
            const auto file = classSubfolders ? folder / kClassNames[label] / name : folder / name;
            writeImage(file, drawClassImage(label, options.size, random));
        }
    }
}

}  // namespace

void writeDemoDataset(const std::filesystem::path& root, const DemoDatasetOptions& options) {
    if (options.perClass <= 0 || options.size < 8) throw Error("demo dataset: perClass must be > 0 and size >= 8");
    std::mt19937_64 random(options.seed);
    switch (options.layout) {
        case DatasetLayout::SplitFolders:
            writeClassImages(root / "train", true, 0, options, random);
            writeClassImages(root / "validation", true, options.perClass, options, random);
            writeClassImages(root / "test", true, 2 * options.perClass, options, random);
            break;
        case DatasetLayout::KaggleFlat:
            writeClassImages(root, false, 0, options, random);
            break;
        default:
            writeClassImages(root, true, 0, options, random);
    }
}

}  // namespace tl
