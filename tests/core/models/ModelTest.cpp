#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/models/Model.h"
#include "core/models/internal/Network.h"
#include "core/util/Error.h"
#include "support/SmallDisk.h"
#include "support/TempDir.h"

namespace tl {
namespace {

ModelSpec tinySpec(int units = 16) {
    return ModelSpec{"tiny", {32, 32}, HeadSpec{Pooling::Flatten, units, 0.5, 2}};
}

std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return "(no tl::Error)";
}

TEST(Model, NamesLayersAndParametersStably) {
    Model model(tinySpec());
    const std::vector<std::string> layers{"block1_conv1", "block1_pool", "block2_conv1", "block2_pool",
                                          "flatten",      "dense",       "dropout",      "dense_1"};
    EXPECT_EQ(model.layerNames(), layers);
    EXPECT_EQ(model.spec().backbone, "tiny");
    EXPECT_EQ(model.baseOutputShape(), (std::vector<std::int64_t>{16, 8, 8}));

    std::vector<std::string> parameters;
    for (const auto& item : model.network().named_parameters()) parameters.push_back(item.key());
    const std::vector<std::string> expected{
        "base.block1_conv1.weight", "base.block1_conv1.bias", "base.block2_conv1.weight", "base.block2_conv1.bias",
        "head.dense.weight",        "head.dense.bias",        "head.dense_1.weight",      "head.dense_1.bias"};
    EXPECT_EQ(parameters, expected);
}

TEST(Model, StagesRunInPiecesGiveTheFullForward) {
    Model model(tinySpec());
    auto& network = model.network();
    network.setTraining(false);
    torch::NoGradGuard noGrad;
    const auto images = torch::rand({3, 3, 32, 32});
    const auto prefix = network.forwardBaseStages(images, 0, 2);
    const auto features = network.forwardBaseStages(prefix, 2, network.baseStages().size());
    EXPECT_TRUE(torch::equal(network.forwardHead(features), network.forward(images)));
    EXPECT_EQ(network.forward(images).sizes(), (torch::IntArrayRef{3, 1}));
    EXPECT_THROW(network.forwardBaseStages(images, 0, 9), Error);
    EXPECT_THROW(network.forward(torch::rand({3, 32, 32})), Error);
}

TEST(Model, SaveAndLoadReproduceOutputs) {
    test::TempDir folder;
    const auto file = folder / "runs" / "model.pt";
    torch::manual_seed(3);
    Model original(ModelSpec{"resnet18", {32, 32}, HeadSpec{Pooling::GlobalAverage, 8, 0.0, 3}});
    {
        // Non-default statistics, so the round trip is seen to carry buffers too.
        torch::NoGradGuard noGrad;
        for (auto& item : original.network().named_buffers()) {
            if (item.value().is_floating_point()) item.value().uniform_(0.5, 1.5);
        }
    }
    original.save(file);
    ASSERT_TRUE(std::filesystem::exists(file));

    torch::manual_seed(4);
    Model copy(original.spec());
    copy.load(file);
    const auto images = torch::rand({2, 3, 32, 32});
    original.network().setTraining(false);
    copy.network().setTraining(false);
    torch::NoGradGuard noGrad;
    EXPECT_TRUE(torch::equal(original.network().forward(images), copy.network().forward(images)));
}

TEST(Model, LoadRejectsOtherArchitecturesAndLeavesTheModelAlone) {
    test::TempDir folder;
    Model wide(tinySpec(32));
    wide.save(folder / "wide.pt");
    Model small(ModelSpec{"small_convnet", {150, 150}, HeadSpec{}});
    small.save(folder / "small.pt");

    Model model(tinySpec(16));
    std::vector<torch::Tensor> before;
    for (const auto& parameter : model.network().parameters()) before.push_back(parameter.clone());

    auto message = errorOf([&] { model.load(folder / "wide.pt"); });
    EXPECT_NE(message.find((folder / "wide.pt").string()), std::string::npos) << message;
    EXPECT_NE(message.find("head.dense.weight"), std::string::npos) << message;
    message = errorOf([&] { model.load(folder / "small.pt"); });
    EXPECT_NE(message.find("holds a small_convnet model"), std::string::npos) << message;

    const auto parameters = model.network().parameters();
    for (std::size_t i = 0; i < parameters.size(); ++i) EXPECT_TRUE(torch::equal(parameters[i], before[i]));
}

TEST(Model, LoadNamesTheFileWhenItIsNotACheckpoint) {
    test::TempDir folder;
    Model model(tinySpec());
    const auto missing = folder / "missing.pt";
    auto message = errorOf([&] { model.load(missing); });
    EXPECT_NE(message.find(missing.string()), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;

    const auto garbage = folder / "garbage.pt";
    std::ofstream(garbage) << "not a model";
    message = errorOf([&] { model.load(garbage); });
    EXPECT_NE(message.find(garbage.string()), std::string::npos) << message;
}

TEST(Model, AFullDiskIsAClearErrorAndLeavesTheOldCheckpoint) {
    test::TempDir dir;
    const test::SmallDisk small(dir / "disk", 64 * 1024);
    if (!small.mounted()) GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
    const auto& disk = small.path();
    std::ofstream(disk / "model.pt") << "the previous checkpoint";
    Model model(ModelSpec{"small_convnet", {64, 64}, {}});  // megabytes: far over the space left
    try {
        model.save(disk / "model.pt");
        ADD_FAILURE() << "saved on a full disk";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("cannot write model file"), std::string::npos) << error.what();
    }
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(disk)) names.push_back(entry.path().filename());
    EXPECT_EQ(names, std::vector<std::string>{"model.pt"}) << "no half-written temporary is left";
    std::ifstream old(disk / "model.pt");
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(old), {}), "the previous checkpoint");
}

TEST(Model, MovesKeepTheNetwork) {
    Model model(tinySpec());
    auto* network = &model.network();
    Model moved(std::move(model));
    EXPECT_EQ(&moved.network(), network);
    Model assigned(ModelSpec{"tiny", {40, 40}, HeadSpec{}});
    assigned = std::move(moved);
    EXPECT_EQ(&assigned.network(), network);
    EXPECT_EQ(assigned.spec().input.width, 32);
}

}  // namespace
}  // namespace tl
