#include <gtest/gtest.h>

#include "core/models/Model.h"
#include "core/models/internal/Network.h"

namespace tl {
namespace {

const LayerSummary& layer(const ModelSummary& summary, const std::string& name) {
    for (const auto& row : summary.layers) {
        if (row.name == name) return row;
    }
    throw std::runtime_error("no layer " + name);
}

std::int64_t baseParameters(const ModelSummary& summary) {
    std::int64_t total = 0;
    for (const auto& row : summary.layers) total += row.inBase ? row.parameters : 0;
    return total;
}

// DLwP 5.3, experiment 4: VGG16 base frozen + Flatten + Dense(256) + Dense(1) at 150x150.
TEST(ModelSummary, Vgg16FeatureExtractionMatchesKeras) {
    Model model(ModelSpec{"vgg16", {150, 150}, HeadSpec{Pooling::Flatten, 256, 0.0, 2}});
    EXPECT_EQ(model.baseOutputShape(), (std::vector<std::int64_t>{512, 4, 4}));

    auto summary = model.summary();
    EXPECT_EQ(baseParameters(summary), 14'714'688);
    EXPECT_EQ(summary.totalParameters, 16'812'353);
    EXPECT_EQ(summary.trainableParameters, 16'812'353);

    model.applyFreeze(FreezePlan::frozenBase());
    summary = model.summary();
    EXPECT_EQ(summary.totalParameters, 16'812'353);
    EXPECT_EQ(summary.trainableParameters, 2'097'665);
    EXPECT_EQ(summary.nonTrainableParameters, 14'714'688);

    ASSERT_EQ(summary.layers.size(), 18u + 3u);
    const auto& first = summary.layers.front();
    EXPECT_EQ(first.name, "block1_conv1");
    EXPECT_EQ(first.type, "Conv2D");
    EXPECT_EQ(first.outputShape, (std::vector<std::int64_t>{64, 150, 150}));
    EXPECT_EQ(first.parameters, 1'792);
    EXPECT_FALSE(first.trainable);
    EXPECT_TRUE(first.inBase);
    EXPECT_EQ(layer(summary, "block5_pool").outputShape, (std::vector<std::int64_t>{512, 4, 4}));
    EXPECT_FALSE(layer(summary, "block5_pool").trainable);
    EXPECT_EQ(layer(summary, "flatten").outputShape, std::vector<std::int64_t>{8192});
    EXPECT_FALSE(layer(summary, "flatten").inBase);
    EXPECT_TRUE(layer(summary, "flatten").trainable);
    EXPECT_EQ(layer(summary, "dense").parameters, 2'097'408);
    EXPECT_EQ(layer(summary, "dense").outputShape, std::vector<std::int64_t>{256});
    EXPECT_EQ(layer(summary, "dense_1").parameters, 257);
    EXPECT_EQ(layer(summary, "dense_1").outputShape, std::vector<std::int64_t>{1});
    EXPECT_EQ(layer(summary, "block5_conv1").aliases, std::vector<std::string>{"features.24"});

    const auto text = summary.format();
    EXPECT_NE(text.find("Total params: 16,812,353\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Trainable params: 2,097,665\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Non-trainable params: 14,714,688\n"), std::string::npos) << text;
    EXPECT_NE(text.find(" block1_conv1 (Conv2D)"), std::string::npos) << text;
    EXPECT_NE(text.find("(None, 64, 150, 150)"), std::string::npos) << text;
    EXPECT_NE(text.find("2,097,408"), std::string::npos) << text;
}

// DLwP 5.2, experiments 1 and 2: 3,453,121 parameters with or without the Dropout layer.
TEST(ModelSummary, SmallConvNetMatchesKeras) {
    for (const double dropout : {0.0, 0.5}) {
        SCOPED_TRACE(dropout);
        Model model(ModelSpec{"small_convnet", {150, 150}, HeadSpec{Pooling::Flatten, 512, dropout, 2}});
        const auto summary = model.summary();
        EXPECT_EQ(summary.totalParameters, 3'453'121);
        EXPECT_EQ(summary.trainableParameters, 3'453'121);
        EXPECT_EQ(summary.nonTrainableParameters, 0);
        EXPECT_EQ(layer(summary, "conv2d").outputShape, (std::vector<std::int64_t>{32, 148, 148}));
        EXPECT_EQ(layer(summary, "conv2d").parameters, 896);
        EXPECT_EQ(layer(summary, "max_pooling2d_3").outputShape, (std::vector<std::int64_t>{128, 7, 7}));
        EXPECT_EQ(layer(summary, "flatten").outputShape, std::vector<std::int64_t>{6272});
        EXPECT_EQ(layer(summary, "dense").parameters, 3'211'776);

        std::vector<std::string> head;
        for (const auto& row : summary.layers) {
            if (!row.inBase) head.push_back(row.name);
        }
        const auto expected = dropout > 0 ? std::vector<std::string>{"flatten", "dense", "dropout", "dense_1"}
                                          : std::vector<std::string>{"flatten", "dense", "dense_1"};
        EXPECT_EQ(head, expected);
    }
}

TEST(ModelSummary, HeadVariants) {
    Model pooled(ModelSpec{"tiny", {32, 32}, HeadSpec{Pooling::GlobalAverage, 0, 0.0, 5}});
    auto summary = pooled.summary();
    ASSERT_EQ(summary.layers.size(), 4u + 2u);
    EXPECT_EQ(summary.layers[4].name, "global_average_pooling2d");
    EXPECT_EQ(summary.layers[4].type, "GlobalAveragePooling2D");
    EXPECT_EQ(summary.layers[4].outputShape, std::vector<std::int64_t>{16});
    EXPECT_EQ(summary.layers[5].name, "dense");
    EXPECT_EQ(summary.layers[5].outputShape, std::vector<std::int64_t>{5});
    EXPECT_EQ(summary.layers[5].parameters, 16 * 5 + 5);

    auto& network = pooled.network();
    network.eval();
    torch::NoGradGuard noGrad;
    EXPECT_EQ(network.forward(torch::rand({3, 3, 32, 32})).sizes(), (torch::IntArrayRef{3, 5}));
}

TEST(ModelSummary, FormatShowsTrainabilityAndSeparatesTheHead) {
    Model model(ModelSpec{"tiny", {32, 32}, HeadSpec{Pooling::Flatten, 16, 0.5, 2}});
    model.applyFreeze(FreezePlan::trainableFrom("block2_conv1"));
    const auto text = model.summary().format();
    // tiny at 32x32: 224 + 1,168 in the base, 16*8*8*16+16 = 16,400 and 17 in the head.
    EXPECT_NE(text.find("Total params: 17,809\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Trainable params: 17,585\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Non-trainable params: 224\n"), std::string::npos) << text;

    auto lineOf = [&](const std::string& name) {
        const auto start = text.find(" " + name + " (");
        EXPECT_NE(start, std::string::npos) << name;
        return text.substr(start, text.find('\n', start) - start);
    };
    EXPECT_EQ(lineOf("block1_conv1").back(), 'N');
    EXPECT_EQ(lineOf("block1_pool").back(), 'N');
    EXPECT_EQ(lineOf("block2_conv1").back(), 'Y');
    EXPECT_NE(lineOf("dense").find("16,400"), std::string::npos);
    EXPECT_NE(text.find("(None, 8, 32, 32)"), std::string::npos) << text;
    EXPECT_LT(text.find("block2_pool"), text.find("\n---"));
    EXPECT_GT(text.find("flatten"), text.find("\n---"));
}

}  // namespace
}  // namespace tl
