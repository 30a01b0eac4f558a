#include "core/data/Preprocessing.h"

#include <array>
#include <cstddef>
#include <string>

#include "core/util/Error.h"

namespace tl {
namespace {

constexpr std::array<Preprocessing, 4> kAll{Preprocessing::Torchvision, Preprocessing::Caffe, Preprocessing::Tf,
                                            Preprocessing::Unit};

/// For each output plane: which RGB channel feeds it and the value of every 8-bit input.
/// The tables are computed in float32 with the operations, in the order, that torchvision's
/// Normalize and Keras' preprocess_input use, so the values match those libraries bit for bit.
struct PlaneTables {
    std::array<int, 3> sourceChannel{0, 1, 2};
    std::array<std::array<float, 256>, 3> values{};
};

PlaneTables tablesFor(Preprocessing preprocessing) {
    constexpr std::array<float, 3> kTorchMean{0.485f, 0.456f, 0.406f};
    constexpr std::array<float, 3> kTorchStd{0.229f, 0.224f, 0.225f};
    constexpr std::array<float, 3> kCaffeMeanBgr{103.939f, 116.779f, 123.68f};
    PlaneTables tables;
    if (preprocessing == Preprocessing::Caffe) tables.sourceChannel = {2, 1, 0};
    for (int plane = 0; plane < 3; ++plane) {
        for (int v = 0; v < 256; ++v) {
            const float x = static_cast<float>(v);
            float value = 0;
            switch (preprocessing) {
                case Preprocessing::Torchvision:
                    value = (x / 255.0f - kTorchMean[plane]) / kTorchStd[plane];
                    break;
                case Preprocessing::Caffe:
                    value = x - kCaffeMeanBgr[plane];
                    break;
                case Preprocessing::Tf:
                    value = x / 127.5f - 1.0f;
                    break;
                case Preprocessing::Unit:
                case Preprocessing::Auto:  // never built: kAll holds the concrete presets
                    value = x / 255.0f;
                    break;
            }
            tables.values[plane][v] = value;
        }
    }
    return tables;
}

}  // namespace

std::string_view toString(Preprocessing preprocessing) {
    switch (preprocessing) {
        case Preprocessing::Torchvision:
            return "torchvision";
        case Preprocessing::Caffe:
            return "caffe";
        case Preprocessing::Tf:
            return "tf";
        case Preprocessing::Unit:
            return "unit";
        case Preprocessing::Auto:
            return "auto";
    }
    return "unknown";
}

Preprocessing parsePreprocessing(std::string_view text) {
    if (text == toString(Preprocessing::Auto)) return Preprocessing::Auto;
    for (auto preprocessing : kAll) {
        if (text == toString(preprocessing)) return preprocessing;
    }
    throw Error("unknown preprocessing '" + std::string(text) + "' (choose auto, torchvision, caffe, tf or unit)");
}

void preprocessInto(const RgbImage& image, Preprocessing preprocessing, float* out) {
    // Built once per preset; a table lookup replaces the arithmetic per value.
    static const std::array<PlaneTables, 4> kTables{tablesFor(kAll[0]), tablesFor(kAll[1]), tablesFor(kAll[2]),
                                                    tablesFor(kAll[3])};
    if (preprocessing == Preprocessing::Auto) {
        throw Error("preprocessing 'auto' reached the pixels unresolved: prepare the run first");
    }
    const auto& tables = kTables[static_cast<std::size_t>(preprocessing)];
    const std::size_t count = static_cast<std::size_t>(image.width) * image.height;
    const std::uint8_t* pixels = image.pixels.data();
    for (int plane = 0; plane < 3; ++plane) {
        const auto& table = tables.values[plane];
        const int channel = tables.sourceChannel[plane];
        float* destination = out + plane * count;
        for (std::size_t i = 0; i < count; ++i) destination[i] = table[pixels[i * 3 + channel]];
    }
}

}  // namespace tl
