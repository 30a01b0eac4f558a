#include "core/inference/Heatmap.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

#include "core/util/Error.h"

namespace tl {

RgbImage overlayHeatmap(const RgbImage& image, const Heatmap& heatmap, double opacity) {
    if (image.empty() || heatmap.empty()) return image;
    if (heatmap.values.size() != static_cast<std::size_t>(heatmap.width) * heatmap.height) {
        throw Error("a heatmap of " + std::to_string(heatmap.width) + "x" + std::to_string(heatmap.height) + " holds " +
                    std::to_string(heatmap.values.size()) + " values");
    }
    cv::Mat values(heatmap.height, heatmap.width, CV_32F, const_cast<float*>(heatmap.values.data()));
    cv::Mat resized;
    cv::resize(values, resized, cv::Size(image.width, image.height), 0, 0, cv::INTER_LINEAR);
    cv::Mat levels;
    resized.convertTo(levels, CV_8U, 255.0);
    cv::Mat colours;  // BGR
    cv::applyColorMap(levels, colours, cv::COLORMAP_JET);
    RgbImage out = image;
    opacity = std::clamp(opacity, 0.0, 1.0);
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            // Weak evidence stays mostly transparent so the image still reads through it.
            const double weight = opacity * (0.35 + 0.65 * resized.at<float>(y, x));
            const auto& bgr = colours.at<cv::Vec3b>(y, x);
            for (int c = 0; c < 3; ++c) {
                auto& pixel = out.pixels[(static_cast<std::size_t>(y) * image.width + x) * 3 + c];
                pixel = static_cast<std::uint8_t>(std::lround((1 - weight) * pixel + weight * bgr[2 - c]));
            }
        }
    }
    return out;
}

}  // namespace tl
