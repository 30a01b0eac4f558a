#include "core/data/ImageWriter.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"

namespace tl {

std::string encodeImage(const RgbImage& image, const std::string& extension) {
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<std::uint8_t> bytes;
    if (!cv::imencode(extension, bgr, bytes)) throw Error("cannot encode an image as '" + extension + "'");
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

void writeImage(const std::filesystem::path& file, const RgbImage& image) {
    std::string bytes;
    try {
        bytes = encodeImage(image, file.extension().string());
    } catch (const Error& error) {
        throw Error(file.string() + ": " + error.what());
    }
    writeFileAtomically(file, bytes);
}

}  // namespace tl
