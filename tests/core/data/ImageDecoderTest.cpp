#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/data/ImageDecoder.h"
#include "core/data/ImageWriter.h"
#include "core/util/Error.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

namespace fs = std::filesystem;
using test::gradientImage;
using test::readBytes;
using test::writeBytes;

const ImageDecoder kKeepSize{{0, 0}};

/// A solid image: the top `splitRow` rows `top`, the rest `bottom` (RGB).
RgbImage twoBands(int width, int height, int splitRow, cv::Vec3b top, cv::Vec3b bottom) {
    RgbImage image{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            for (int c = 0; c < 3; ++c) image.pixels[(y * width + x) * 3 + c] = (y < splitRow ? top : bottom)[c];
        }
    }
    return image;
}

/// A JPEG with an EXIF APP1 segment (little-endian TIFF, one IFD entry: Orientation) inserted
/// right after the start-of-image marker.
std::string withExifOrientation(const std::string& jpeg, std::uint16_t orientation) {
    std::string app1(
        "\xFF\xE1\x00\x22"
        "Exif\0\0",
        10);
    const char tiff[] = {'I',
                         'I',
                         0x2A,
                         0,
                         8,
                         0,
                         0,
                         0,  // header, IFD at offset 8
                         1,
                         0,  // one entry
                         0x12,
                         0x01,
                         3,
                         0,
                         1,
                         0,
                         0,
                         0,  // tag 0x0112, SHORT, count 1
                         static_cast<char>(orientation),
                         0,
                         0,
                         0,  // value
                         0,
                         0,
                         0,
                         0};  // no next IFD
    app1.append(tiff, sizeof tiff);
    EXPECT_EQ(app1.size(), 2u + 0x22u);
    return jpeg.substr(0, 2) + app1 + jpeg.substr(2);
}

bool near(std::uint8_t actual, int expected, int tolerance) {
    return std::abs(actual - expected) <= tolerance;
}

TEST(ImageDecoderTest, DecodesRgbPngExactly) {
    test::TempDir dir;
    const auto image = gradientImage(17, 9, 3);
    writeImage(dir / "a.png", image);
    const auto decoded = kKeepSize.decode(dir / "a.png");
    EXPECT_EQ(decoded.width, 17);
    EXPECT_EQ(decoded.height, 9);
    EXPECT_EQ(decoded.pixels, image.pixels);
}

TEST(ImageDecoderTest, GrayscaleBecomesRgb) {
    test::TempDir dir;
    cv::Mat gray(4, 5, CV_8UC1, cv::Scalar(77));
    gray.at<std::uint8_t>(1, 2) = 200;
    ASSERT_TRUE(cv::imwrite((dir / "g.png").string(), gray));
    const auto decoded = kKeepSize.decode(dir / "g.png");
    ASSERT_EQ(decoded.width, 5);
    ASSERT_EQ(decoded.height, 4);
    for (int c = 0; c < 3; ++c) {
        EXPECT_EQ(decoded.at(0, 0, c), 77);
        EXPECT_EQ(decoded.at(2, 1, c), 200);
    }
}

TEST(ImageDecoderTest, RgbaDropsAlphaAndKeepsChannelOrder) {
    test::TempDir dir;
    cv::Mat bgra(3, 3, CV_8UC4, cv::Scalar(10, 20, 30, 255));  // B, G, R, A
    bgra.at<cv::Vec4b>(2, 1) = {40, 50, 60, 0};                // fully transparent pixel
    ASSERT_TRUE(cv::imwrite((dir / "a.png").string(), bgra));
    const auto decoded = kKeepSize.decode(dir / "a.png");
    ASSERT_EQ(decoded.pixels.size(), 27u);
    EXPECT_EQ(decoded.at(0, 0, 0), 30);
    EXPECT_EQ(decoded.at(0, 0, 1), 20);
    EXPECT_EQ(decoded.at(0, 0, 2), 10);
    EXPECT_EQ(decoded.at(1, 2, 0), 60);
    EXPECT_EQ(decoded.at(1, 2, 2), 40);
}

TEST(ImageDecoderTest, SixteenBitPngBecomesEightBitRgb) {
    test::TempDir dir;
    cv::Mat deep(2, 2, CV_16UC3, cv::Scalar(0x1000, 0x8000, 0xFFFF));  // B, G, R
    ASSERT_TRUE(cv::imwrite((dir / "d.png").string(), deep));
    ASSERT_EQ(cv::imread((dir / "d.png").string(), cv::IMREAD_UNCHANGED).depth(), CV_16U) << "fixture not 16-bit";
    const auto decoded = kKeepSize.decode(dir / "d.png");
    ASSERT_EQ(decoded.pixels.size(), 12u);
    EXPECT_TRUE(near(decoded.at(1, 1, 0), 255, 1));
    EXPECT_TRUE(near(decoded.at(1, 1, 1), 128, 1));
    EXPECT_TRUE(near(decoded.at(1, 1, 2), 16, 1));
}

TEST(ImageDecoderTest, AppliesExifOrientation) {
    test::TempDir dir;
    // Stored landscape 64x32: top half red, bottom half blue (bands aligned to JPEG blocks).
    writeImage(dir / "plain.jpg", twoBands(64, 32, 16, {255, 0, 0}, {0, 0, 255}));
    const auto plain = readBytes(dir / "plain.jpg");
    const auto unrotated = kKeepSize.decode(dir / "plain.jpg");
    ASSERT_EQ(unrotated.width, 64);  // control: without the tag nothing turns
    EXPECT_GT(unrotated.at(32, 3, 0), 200);

    // Orientation 6: the viewer turns the stored image 90 degrees clockwise, so the stored top
    // (red) becomes the right side of a 32x64 portrait image.
    writeBytes(dir / "rotated.jpg", withExifOrientation(plain, 6));
    const auto rotated = kKeepSize.decode(dir / "rotated.jpg");
    ASSERT_EQ(rotated.width, 32);
    ASSERT_EQ(rotated.height, 64);
    EXPECT_GT(rotated.at(28, 32, 0), 200);  // right: red
    EXPECT_LT(rotated.at(28, 32, 2), 60);
    EXPECT_LT(rotated.at(3, 32, 0), 60);  // left: blue
    EXPECT_GT(rotated.at(3, 32, 2), 200);

    // Orientation 3: turned 180 degrees, the red half is at the bottom.
    writeBytes(dir / "upside.jpg", withExifOrientation(plain, 3));
    const auto upside = kKeepSize.decode(dir / "upside.jpg");
    ASSERT_EQ(upside.width, 64);
    EXPECT_GT(upside.at(32, 28, 0), 200);
    EXPECT_GT(upside.at(32, 3, 2), 200);
}

TEST(ImageDecoderTest, ShrinkingAveragesAreas) {
    test::TempDir dir;
    // Columns 0, 0, 255 repeated: area averaging gives 85; bilinear at this scale would give 0.
    RgbImage stripes{6, 6, std::vector<std::uint8_t>(std::size_t{6 * 6 * 3})};
    for (int y = 0; y < 6; ++y) {
        for (int x = 0; x < 6; ++x) {
            for (int c = 0; c < 3; ++c) stripes.pixels[(y * 6 + x) * 3 + c] = x % 3 == 2 ? 255 : 0;
        }
    }
    writeImage(dir / "s.png", stripes);
    const auto small = ImageDecoder({2, 2}).decode(dir / "s.png");
    ASSERT_EQ(small.width, 2);
    ASSERT_EQ(small.height, 2);
    for (auto value : small.pixels) EXPECT_TRUE(near(value, 85, 1)) << int(value);
}

TEST(ImageDecoderTest, EnlargingInterpolatesBilinearly) {
    test::TempDir dir;
    RgbImage pair{2, 1, {0, 0, 0, 200, 200, 200}};
    writeImage(dir / "p.png", pair);
    const auto large = ImageDecoder({4, 1}).decode(dir / "p.png");
    ASSERT_EQ(large.width, 4);
    ASSERT_EQ(large.height, 1);
    const int expected[] = {0, 50, 150, 200};
    for (int x = 0; x < 4; ++x) {
        EXPECT_TRUE(near(large.at(x, 0, 1), expected[x], 1)) << x << ": " << int(large.at(x, 0, 1));
    }
}

TEST(ImageDecoderTest, ResizesToTheTarget) {
    test::TempDir dir;
    writeImage(dir / "a.jpg", gradientImage(40, 30));
    const auto decoded = ImageDecoder({150, 150}).decode(dir / "a.jpg");
    EXPECT_EQ(decoded.width, 150);
    EXPECT_EQ(decoded.height, 150);
    EXPECT_EQ(decoded.pixels.size(), 150u * 150u * 3u);
    EXPECT_EQ(ImageDecoder().target(), (ImageSize{0, 0}));  // the default keeps each file's own size
}

TEST(ImageDecoderTest, RejectsInvalidTargets) {
    EXPECT_THROW(ImageDecoder({-1, 10}), Error);
    EXPECT_THROW(ImageDecoder({0, 10}), Error);
}

TEST(ImageDecoderTest, FindsNoProblemInGoodFiles) {
    test::TempDir dir;
    for (const char* name : {"a.png", "a.jpg", "a.bmp"}) {
        writeImage(dir / name, gradientImage(8, 8));
        EXPECT_EQ(ImageDecoder::findProblem(dir / name), std::nullopt) << name;
    }
    // Zero padding after the JPEG end marker is tolerated, and such a file decodes.
    writeBytes(dir / "padded.jpg", readBytes(dir / "a.jpg") + std::string(100, '\0'));
    EXPECT_EQ(ImageDecoder::findProblem(dir / "padded.jpg"), std::nullopt);
    EXPECT_EQ(kKeepSize.decode(dir / "padded.jpg").width, 8);
}

TEST(ImageDecoderTest, FindsEachKindOfProblem) {
    test::TempDir dir;
    writeBytes(dir / "empty.jpg", "");
    writeBytes(dir / "text.jpg", "this is not a picture\n");
    writeImage(dir / "good.jpg", gradientImage(32, 32));
    writeImage(dir / "good.png", gradientImage(32, 32));
    const auto jpeg = readBytes(dir / "good.jpg");
    const auto png = readBytes(dir / "good.png");
    writeBytes(dir / "cut.jpg", jpeg.substr(0, jpeg.size() * 2 / 3));
    writeBytes(dir / "cut.png", png.substr(0, png.size() - 6));
    writeBytes(dir / "cut.bmp", std::string("BM\x36\x10\x00\x00", 6) + std::string(40, 'x'));  // claims 4150 bytes

    EXPECT_EQ(ImageDecoder::findProblem(dir / "empty.jpg"), "zero bytes");
    EXPECT_EQ(ImageDecoder::findProblem(dir / "text.jpg"), "not an image");
    EXPECT_EQ(ImageDecoder::findProblem(dir / "cut.jpg"), "truncated");
    EXPECT_EQ(ImageDecoder::findProblem(dir / "cut.png"), "truncated");
    EXPECT_EQ(ImageDecoder::findProblem(dir / "cut.bmp"), "truncated");
    const auto missing = ImageDecoder::findProblem(dir / "missing.png");
    ASSERT_TRUE(missing.has_value());
    EXPECT_EQ(missing->rfind("unreadable: ", 0), 0u) << *missing;
}

TEST(ImageDecoderTest, ANamedPipeIsNeverOpened) {
    test::TempDir dir;
    const auto pipe = dir / "x.jpg";
    ASSERT_EQ(mkfifo(pipe.c_str(), 0600), 0);
    // Opening it would block this test forever: the answer must come from its type alone.
    EXPECT_EQ(ImageDecoder::findProblem(pipe), "not a regular file: a named pipe (FIFO), never read");
    EXPECT_THROW(kKeepSize.decode(pipe), Error);
}

/// A PNG whose header declares `width` x `height`: signature, IHDR, then IEND (no pixels).
std::string pngDeclaring(std::uint32_t width, std::uint32_t height) {
    const auto be32 = [](std::uint32_t v) {
        return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                           static_cast<char>(v)};
    };
    std::string png("\x89PNG\r\n\x1A\n", 8);
    png += be32(13) + "IHDR" + be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5) + be32(0);
    png += be32(0) + std::string("IEND\xAE\x42\x60\x82", 8);
    return png;
}

TEST(ImageDecoderTest, HugeDeclaredSizesAreRefusedBeforeDecoding) {
    test::TempDir dir;
    writeBytes(dir / "bomb.png", pngDeclaring(30000, 30000));
    const auto problem = ImageDecoder::findProblem(dir / "bomb.png");
    ASSERT_TRUE(problem.has_value());
    EXPECT_EQ(*problem, "declares 30000x30000 pixels, over the 50-megapixel limit (not decoded)");
    try {
        kKeepSize.decode(dir / "bomb.png");
        ADD_FAILURE() << "decoded";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("50-megapixel limit"), std::string::npos) << error.what();
    }
    // A plausible header over broken pixel data is a decode error with the file's name, never an
    // exception from OpenCV.
    writeBytes(dir / "broken.png", pngDeclaring(64, 64));
    try {
        kKeepSize.decode(dir / "broken.png");
        ADD_FAILURE() << "decoded";
    } catch (const Error& error) {
        EXPECT_EQ(std::string(error.what()).rfind((dir / "broken.png").string() + ": ", 0), 0u) << error.what();
    }
}

TEST(ImageDecoderTest, FindsUnreadableFiles) {
    if (geteuid() == 0) GTEST_SKIP() << "root reads files whatever their permissions";
    test::TempDir dir;
    writeImage(dir / "locked.png", gradientImage(8, 8));
    fs::permissions(dir / "locked.png", fs::perms::none);
    const auto problem = ImageDecoder::findProblem(dir / "locked.png");
    ASSERT_TRUE(problem.has_value());
    EXPECT_EQ(problem->rfind("unreadable: ", 0), 0u) << *problem;
    EXPECT_THROW(kKeepSize.decode(dir / "locked.png"), Error);
}

TEST(ImageDecoderTest, DecodeNamesTheFileAndTheReason) {
    test::TempDir dir;
    writeImage(dir / "good.jpg", gradientImage(64, 64));
    const auto jpeg = readBytes(dir / "good.jpg");
    writeBytes(dir / "cut.jpg", jpeg.substr(0, jpeg.size() * 4 / 5));  // cut inside the image data
    // OpenCV alone would return a partly grey image for this file.
    const cv::Mat lenient = cv::imread((dir / "cut.jpg").string());
    EXPECT_FALSE(lenient.empty()) << "fixture: expected OpenCV to decode the truncated JPEG";
    writeBytes(dir / "empty.png", "");
    for (const auto& [name, reason] : {std::pair{"cut.jpg", "truncated"}, std::pair{"empty.png", "zero bytes"}}) {
        try {
            kKeepSize.decode(dir / name);
            ADD_FAILURE() << name << " decoded";
        } catch (const Error& error) {
            EXPECT_EQ(std::string(error.what()), (dir / name).string() + ": " + reason);
        }
    }
}

TEST(ImageDecoderTest, RecognisesImageExtensions) {
    for (const char* name : {"a.jpg", "a.JPG", "b.Jpeg", "c.png", "d.bmp", "e.tif", "f.TIFF", "g.webp"}) {
        EXPECT_TRUE(ImageDecoder::hasImageExtension(name)) << name;
    }
    for (const char* name : {"a.txt", "b.gif", "jpg", "c.jpg.txt", "labels.csv"}) {
        EXPECT_FALSE(ImageDecoder::hasImageExtension(name)) << name;
    }
}

}  // namespace
}  // namespace tl

namespace tl {
namespace {

/// Mean absolute difference per value of two images of the same size.
double meanDifference(const RgbImage& a, const RgbImage& b) {
    double sum = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) sum += std::abs(a.pixels[i] - b.pixels[i]);
    return sum / static_cast<double>(a.pixels.size());
}

TEST(ImageDecoderTest, LargeJpegsDecodeReducedToNearlyTheSamePixels) {
    test::TempDir dir;
    writeImage(dir / "photo.jpg", gradientImage(640, 480, 3));
    // full decode, then area resize: what the decoder did before scaled decoding
    const auto full = kKeepSize.decode(dir / "photo.jpg");
    cv::Mat source(full.height, full.width, CV_8UC3, const_cast<std::uint8_t*>(full.pixels.data())), reference;
    cv::resize(source, reference, cv::Size(150, 150), 0, 0, cv::INTER_AREA);
    const RgbImage expected{150, 150, {reference.data, reference.data + reference.total() * 3}};

    for (const ImageSize target : {ImageSize{150, 150}, ImageSize{100, 100}, ImageSize{50, 50}}) {
        const auto reduced = ImageDecoder(target).decode(dir / "photo.jpg");  // 1/2, 1/4, 1/8
        ASSERT_EQ(reduced.width, target.width);
        ASSERT_EQ(reduced.height, target.height);
        if (target.width == 150) EXPECT_LT(meanDifference(reduced, expected), 2.0);
    }
}

TEST(ImageDecoderTest, ReducedDecodingKeepsExifOrientation) {
    test::TempDir dir;
    writeImage(dir / "plain.jpg", twoBands(256, 128, 64, {255, 0, 0}, {0, 0, 255}));
    writeBytes(dir / "rotated.jpg", withExifOrientation(readBytes(dir / "plain.jpg"), 6));
    // 128 px short side, 2x the target's long side: decoded at half size, then turned
    const auto rotated = ImageDecoder({32, 64}).decode(dir / "rotated.jpg");
    ASSERT_EQ(rotated.width, 32);
    ASSERT_EQ(rotated.height, 64);
    EXPECT_GT(rotated.at(28, 32, 0), 200);  // right: red
    EXPECT_GT(rotated.at(3, 32, 2), 200);   // left: blue
}

}  // namespace
}  // namespace tl
