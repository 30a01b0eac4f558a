#include "core/data/ImageWriter.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"

namespace tl {

void writeImage(const std::filesystem::path& file, const RgbImage& image) {
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<std::uint8_t> bytes;
    if (!cv::imencode(file.extension().string(), bgr, bytes)) {
        throw Error(file.string() + ": cannot encode an image with extension '" + file.extension().string() + "'");
    }
    writeFileAtomically(file, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace tl
