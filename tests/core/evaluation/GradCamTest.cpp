#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/data/ImageWriter.h"
#include "core/inference/Heatmap.h"
#include "core/inference/Predictor.h"
#include "core/training/ExperimentRunner.h"
#include "core/util/DeterministicRandom.h"
#include "core/util/Error.h"
#include "support/TempDir.h"

namespace tl {
namespace {

constexpr int kSize = 32;
constexpr int kMark = 8;  ///< side of the red square that makes an image "marked"

/// Grey noise; with `markAt` (x, y) a red square of side kMark there too.
RgbImage noiseImage(std::uint64_t seed, int markX = -1, int markY = -1) {
    SplitMix64 random(seed);
    RgbImage image{kSize, kSize, std::vector<std::uint8_t>(static_cast<std::size_t>(kSize) * kSize * 3)};
    for (std::size_t i = 0; i < image.pixels.size(); i += 3) {
        const auto grey = static_cast<std::uint8_t>(60 + uniformBelow(random, 120));
        image.pixels[i] = image.pixels[i + 1] = image.pixels[i + 2] = grey;
    }
    for (int y = markY; markY >= 0 && y < markY + kMark; ++y) {
        for (int x = markX; x < markX + kMark; ++x) {
            auto* pixel = &image.pixels[(static_cast<std::size_t>(y) * kSize + x) * 3];
            pixel[0] = 230, pixel[1] = 20, pixel[2] = 20;
        }
    }
    return image;
}

/// A run that learned "a red square anywhere" (class "marked") against plain noise.
class GradCam : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        folder_ = new test::TempDir;
        SplitMix64 positions(7);
        for (int i = 0; i < 40; ++i) {
            writeImage(data() / "plain" / ("p" + std::to_string(i) + ".png"), noiseImage(1000 + i));
            const auto x = static_cast<int>(uniformBelow(positions, kSize - kMark + 1));
            const auto y = static_cast<int>(uniformBelow(positions, kSize - kMark + 1));
            writeImage(data() / "marked" / ("m" + std::to_string(i) + ".png"), noiseImage(2000 + i, x, y));
        }
        Experiment e;
        e.name = "mark";
        e.data.root = data();
        e.data.counts = {30, 5, 5};
        e.model.backbone = "tiny";
        e.model.input = {kSize, kSize};
        e.model.head = {Pooling::GlobalAverage, 0, 0.0, 2};
        e.preprocessing = Preprocessing::Unit;
        e.training.regime = Regime::Scratch;
        e.training.optimizer.kind = OptimizerKind::Adam;
        e.training.optimizer.learningRate = 3e-3;
        e.training.epochs = 8;
        e.training.batchSize = 10;
        e.training.threads = 2;
        e.training.augment = false;
        run_ = new std::filesystem::path(runExperiment(e, {*folder_ / "runs"}).folder);
    }
    static void TearDownTestSuite() {
        delete run_;
        delete folder_;
    }
    static std::filesystem::path data() { return *folder_ / "data"; }
    static test::TempDir* folder_;
    static std::filesystem::path* run_;
};
test::TempDir* GradCam::folder_ = nullptr;
std::filesystem::path* GradCam::run_ = nullptr;

TEST_F(GradCam, DefaultsToTheLastConvolutionAndListsSpatialLayers) {
    Predictor predictor(*run_);
    EXPECT_EQ(predictor.defaultCamLayer(), "block2_conv1");
    EXPECT_EQ(predictor.camLayers(),
              (std::vector<std::string>{"block1_conv1", "block1_pool", "block2_conv1", "block2_pool"}));
}

TEST_F(GradCam, HighlightsTheSquareThatDecides) {
    Predictor predictor(*run_);
    const auto classes = predictor.classes();
    ASSERT_EQ(classes, (std::vector<std::string>{"marked", "plain"}));
    for (const auto& [x, y] : std::vector<std::pair<int, int>>{{2, 3}, {20, 18}, {22, 2}}) {
        const auto file = *folder_ / ("probe" + std::to_string(x) + ".png");
        writeImage(file, noiseImage(9000 + x, x, y));
        const auto prediction = predictor.explain(file, "", 0);
        ASSERT_TRUE(prediction.error.empty()) << prediction.error;
        EXPECT_EQ(prediction.predicted, 0) << "the model should see the square at " << x << "," << y;
        const auto& map = prediction.heatmap;
        ASSERT_EQ(map.width, kSize);
        ASSERT_EQ(map.height, kSize);
        ASSERT_EQ(map.values.size(), static_cast<std::size_t>(kSize * kSize));
        EXPECT_EQ(map.layer, "block2_conv1");
        double inside = 0, outside = 0, peak = 0;
        int peakX = 0, peakY = 0;
        for (int py = 0; py < kSize; ++py) {
            for (int px = 0; px < kSize; ++px) {
                const auto v = map.at(px, py);
                ASSERT_GE(v, 0.0f);
                ASSERT_LE(v, 1.0f);
                const bool in = px >= x && px < x + kMark && py >= y && py < y + kMark;
                (in ? inside : outside) += v;
                if (v > peak) peak = v, peakX = px, peakY = py;
            }
        }
        EXPECT_FLOAT_EQ(peak, 1.0f);
        const double insideMean = inside / (kMark * kMark), outsideMean = outside / (kSize * kSize - kMark * kMark);
        EXPECT_GT(insideMean, 3 * outsideMean) << "square at " << x << "," << y;
        // the strongest evidence lies on the square (a pixel of slack for the upsampling)
        EXPECT_GE(peakX, x - 2);
        EXPECT_LE(peakX, x + kMark + 1);
        EXPECT_GE(peakY, y - 2);
        EXPECT_LE(peakY, y + kMark + 1);
        EXPECT_EQ(prediction.input.width, kSize);
    }
}

// The activation viewer's data: a layer's maps, most active channel first, each scaled to [0, 1].
TEST_F(GradCam, FeatureMapsOfALayerMostActiveFirst) {
    Predictor predictor(*run_);
    const auto file = *folder_ / "maps.png";
    writeImage(file, noiseImage(9100, 4, 6));
    const auto maps = predictor.featureMaps(file, "block1_conv1", 5);
    EXPECT_EQ(maps.layer, "block1_conv1");
    EXPECT_EQ(maps.width, kSize) << "a 'same' convolution keeps the input's size";
    EXPECT_GT(maps.channels, 5);
    ASSERT_EQ(maps.shown(), 5);
    ASSERT_EQ(maps.values.size(), static_cast<std::size_t>(5 * kSize * kSize));
    for (int m = 0; m + 1 < maps.shown(); ++m) EXPECT_GE(maps.channelMean[m], maps.channelMean[m + 1]);
    for (const auto v : maps.values) {
        ASSERT_GE(v, 0.0f);
        ASSERT_LE(v, 1.0f);
    }
    // the red square is where the maps of a plain-noise image and of the marked one differ most
    writeImage(*folder_ / "maps-plain.png", noiseImage(9100));
    const auto plain = predictor.featureMaps(*folder_ / "maps-plain.png", "block1_conv1", 64);
    const auto marked = predictor.featureMaps(file, "block1_conv1", 64);
    ASSERT_EQ(plain.shown(), marked.shown());
    double inside = 0, outside = 0;
    for (int m = 0; m < marked.shown(); ++m) {
        // the same channel in both (the order follows each image's own means)
        const auto other = std::find(plain.channelIndex.begin(), plain.channelIndex.end(), marked.channelIndex[m]) -
                           plain.channelIndex.begin();
        for (int y = 0; y < kSize; ++y) {
            for (int x = 0; x < kSize; ++x) {
                const double change = std::abs(marked.at(m, x, y) - plain.at(static_cast<int>(other), x, y));
                const bool in = x >= 4 && x < 4 + kMark && y >= 6 && y < 6 + kMark;
                (in ? inside : outside) += change;
            }
        }
    }
    EXPECT_GT(inside / (kMark * kMark), 2 * outside / (kSize * kSize - kMark * kMark));

    const auto mosaic = featureMapMosaic(maps, 3, 10, 2);
    EXPECT_EQ(mosaic.width, 3 * 10 + 2 * 2);
    EXPECT_EQ(mosaic.height, 2 * 10 + 2);
    EXPECT_THROW(predictor.featureMaps(file, "dense"), Error);
}

TEST_F(GradCam, UnknownLayerAndBadImageAreErrorsNotExceptions) {
    Predictor predictor(*run_);
    writeImage(*folder_ / "probe.png", noiseImage(5, 4, 4));
    const auto wrongLayer = predictor.explain(*folder_ / "probe.png", "block9_conv1");
    EXPECT_NE(wrongLayer.error.find("block9_conv1"), std::string::npos) << wrongLayer.error;
    const auto missing = predictor.explain(*folder_ / "missing.png");
    EXPECT_NE(missing.error.find("missing.png"), std::string::npos) << missing.error;
    EXPECT_TRUE(missing.heatmap.empty());
}

TEST(Heatmap, OverlayKeepsTheImageSizeAndReddensTheHotRegion) {
    RgbImage grey{8, 4, std::vector<std::uint8_t>(8 * 4 * 3, 128)};
    Heatmap map;
    map.width = 2, map.height = 1;
    map.values = {0.0f, 1.0f};  // left cold, right hot
    const auto out = overlayHeatmap(grey, map, 0.6);
    ASSERT_EQ(out.width, 8);
    ASSERT_EQ(out.height, 4);
    EXPECT_GT(out.at(7, 2, 0), out.at(7, 2, 2));  // hot: more red than blue
    EXPECT_GT(out.at(0, 2, 2), out.at(0, 2, 0));  // cold: more blue than red
    EXPECT_EQ(overlayHeatmap(grey, Heatmap{}).pixels, grey.pixels);
}

}  // namespace
}  // namespace tl
