#include <gtest/gtest.h>

#include <vector>

#include "core/data/Preprocessing.h"
#include "core/util/Error.h"

namespace tl {
namespace {

// Two pixels: (R, G, B) = (10, 128, 250) and (0, 255, 64).
const RgbImage kPixels{2, 1, {10, 128, 250, 0, 255, 64}};

std::vector<float> run(Preprocessing preprocessing) {
    std::vector<float> out(6, -999.0f);
    preprocessInto(kPixels, preprocessing, out.data());
    return out;
}

TEST(PreprocessingTest, NamesRoundTrip) {
    for (auto p : {Preprocessing::Torchvision, Preprocessing::Caffe, Preprocessing::Tf, Preprocessing::Unit}) {
        EXPECT_EQ(parsePreprocessing(toString(p)), p);
    }
    try {
        parsePreprocessing("imagenet");
        FAIL() << "expected tl::Error";
    } catch (const Error& error) {
        const std::string message = error.what();
        for (const char* choice : {"imagenet", "torchvision", "caffe", "tf", "unit"}) {
            EXPECT_NE(message.find(choice), std::string::npos) << message;
        }
    }
}

TEST(PreprocessingTest, TorchvisionNormalisesRgbPlanes) {
    const auto out = run(Preprocessing::Torchvision);
    // Planar CHW: R of both pixels, then G, then B.
    EXPECT_NEAR(out[0], (10 / 255.0 - 0.485) / 0.229, 1e-5);
    EXPECT_NEAR(out[1], (0 / 255.0 - 0.485) / 0.229, 1e-5);
    EXPECT_NEAR(out[2], (128 / 255.0 - 0.456) / 0.224, 1e-5);
    EXPECT_NEAR(out[3], (255 / 255.0 - 0.456) / 0.224, 1e-5);
    EXPECT_NEAR(out[4], (250 / 255.0 - 0.406) / 0.225, 1e-5);
    EXPECT_NEAR(out[5], (64 / 255.0 - 0.406) / 0.225, 1e-5);
    // Bit for bit what torchvision computes in float32: x / 255, minus mean, over std.
    EXPECT_EQ(out[2], (128.0f / 255.0f - 0.456f) / 0.224f);
}

TEST(PreprocessingTest, CaffeIsBgrMinusMean) {
    const auto out = run(Preprocessing::Caffe);
    EXPECT_NEAR(out[0], 250 - 103.939, 1e-4);  // plane 0 is blue
    EXPECT_NEAR(out[1], 64 - 103.939, 1e-4);
    EXPECT_NEAR(out[2], 128 - 116.779, 1e-4);
    EXPECT_NEAR(out[3], 255 - 116.779, 1e-4);
    EXPECT_NEAR(out[4], 10 - 123.68, 1e-4);  // plane 2 is red
    EXPECT_NEAR(out[5], 0 - 123.68, 1e-4);
}

TEST(PreprocessingTest, TfScalesToMinusOneOne) {
    const auto out = run(Preprocessing::Tf);
    EXPECT_NEAR(out[0], 10 / 127.5 - 1, 1e-6);
    EXPECT_FLOAT_EQ(out[1], -1.0f);
    EXPECT_NEAR(out[2], 128 / 127.5 - 1, 1e-6);
    EXPECT_FLOAT_EQ(out[3], 1.0f);
    EXPECT_NEAR(out[4], 250 / 127.5 - 1, 1e-6);
    EXPECT_NEAR(out[5], 64 / 127.5 - 1, 1e-6);
}

TEST(PreprocessingTest, UnitDividesBy255) {
    const auto out = run(Preprocessing::Unit);
    const double expected[] = {10, 0, 128, 255, 250, 64};
    for (int i = 0; i < 6; ++i) EXPECT_NEAR(out[i], expected[i] / 255.0, 1e-7) << i;
}

}  // namespace
}  // namespace tl
