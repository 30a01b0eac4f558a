#include <gtest/gtest.h>

#include "core/models/Model.h"
#include "core/models/internal/Network.h"
#include "core/util/Error.h"

namespace tl {
namespace {

std::vector<bool> trainableFlags(const ModelSummary& summary) {
    std::vector<bool> flags;
    for (const auto& row : summary.layers) flags.push_back(row.trainable);
    return flags;
}

std::map<std::string, torch::Tensor> snapshot(const torch::OrderedDict<std::string, torch::Tensor>& tensors) {
    std::map<std::string, torch::Tensor> copies;
    for (const auto& item : tensors) copies[item.key()] = item.value().detach().clone();
    return copies;
}

TEST(Freeze, KerasNamesAndTorchvisionAliasesSelectTheSameLayers) {
    Model model(ModelSpec{"vgg16", {32, 32}, HeadSpec{Pooling::Flatten, 256, 0.0, 2}});
    model.applyFreeze(FreezePlan::trainableFrom("block5_conv1"));
    const auto byKerasName = model.summary();
    model.applyFreeze(FreezePlan::trainableFrom("features.24"));
    const auto byAlias = model.summary();

    EXPECT_EQ(trainableFlags(byKerasName), trainableFlags(byAlias));
    EXPECT_EQ(byKerasName.trainableParameters, byAlias.trainableParameters);
    // block5_conv1..3 (3 x 2,359,808) plus the head (512*256+256 + 257) at 32x32.
    EXPECT_EQ(byAlias.trainableParameters, 3 * 2'359'808 + 131'328 + 257);
    for (const auto& row : byAlias.layers) {
        const bool shouldTrain = row.name.rfind("block5_", 0) == 0 || !row.inBase;
        EXPECT_EQ(row.trainable, shouldTrain) << row.name;
    }
}

TEST(Freeze, PlanAppliesBaseRuleThenFrozenThenTrainable) {
    Model model(ModelSpec{"tiny", {32, 32}, HeadSpec{Pooling::Flatten, 16, 0.0, 2}});
    FreezePlan plan = FreezePlan::frozenBase();
    plan.frozen = {"dense", "block2_conv1"};
    plan.trainable = {"block2_conv1"};
    model.applyFreeze(plan);
    auto flags = trainableFlags(model.summary());
    // block1_conv1, block1_pool, block2_conv1, block2_pool, flatten, dense, dense_1
    EXPECT_EQ(flags, (std::vector<bool>{false, false, true, false, true, false, true}));

    // Every plan starts from an all-trainable model.
    model.applyFreeze(FreezePlan::allTrainable());
    EXPECT_EQ(model.summary().nonTrainableParameters, 0);
    for (const auto& parameter : model.network().parameters()) EXPECT_TRUE(parameter.requires_grad());
}

TEST(Freeze, UnknownLayerIsRejectedWithASuggestionAndChangesNothing) {
    Model model(ModelSpec{"vgg16", {32, 32}, HeadSpec{Pooling::Flatten, 256, 0.0, 2}});
    model.applyFreeze(FreezePlan::frozenBase());
    const auto before = model.summary();
    try {
        model.applyFreeze(FreezePlan::trainableFrom("block6_conv1"));
        FAIL() << "expected tl::Error";
    } catch (const Error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("unknown layer 'block6_conv1'; did you mean block5_conv1?"), std::string::npos)
            << message;
        EXPECT_NE(message.find("(layers: block1_conv1 block1_conv2 block1_pool"), std::string::npos) << message;
        EXPECT_NE(message.find("dense_1)"), std::string::npos) << message;
    }
    FreezePlan partlyWrong;
    partlyWrong.trainable = {"dense"};
    partlyWrong.frozen = {"block1_conv1", "no_such_layer_at_all"};
    try {
        model.applyFreeze(partlyWrong);
        FAIL() << "expected tl::Error";
    } catch (const Error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("unknown layer 'no_such_layer_at_all' (layers:"), std::string::npos) << message;
    }
    const auto after = model.summary();
    EXPECT_EQ(trainableFlags(after), trainableFlags(before));
    EXPECT_EQ(after.trainableParameters, before.trainableParameters);
}

TEST(Freeze, OptimiserStepChangesOnlyTrainableParameters) {
    torch::manual_seed(1);
    Model model(ModelSpec{"tiny", {32, 32}, HeadSpec{Pooling::Flatten, 16, 0.0, 2}});
    FreezePlan plan = FreezePlan::trainableFrom("block2_conv1");
    plan.frozen = {"dense"};
    model.applyFreeze(plan);
    auto& network = model.network();
    const auto before = snapshot(network.named_parameters());

    // Training code hands every parameter to the optimiser; frozen ones must still not move.
    torch::optim::Adam optimiser(network.parameters(), torch::optim::AdamOptions(1e-2));
    network.setTraining(true);
    const auto images = torch::rand({4, 3, 32, 32});
    const auto labels = torch::tensor({0.0F, 1.0F, 1.0F, 0.0F}).unsqueeze(1);
    optimiser.zero_grad();
    torch::binary_cross_entropy_with_logits(network.forward(images), labels).backward();
    optimiser.step();

    const std::set<std::string> frozen{"base.block1_conv1.weight", "base.block1_conv1.bias", "head.dense.weight",
                                       "head.dense.bias"};
    for (const auto& item : network.named_parameters()) {
        const bool unchanged = torch::equal(item.value(), before.at(item.key()));
        EXPECT_EQ(unchanged, frozen.contains(item.key())) << item.key();
    }
}

TEST(Freeze, FrozenBatchNormKeepsItsStatisticsInTrainingMode) {
    torch::manual_seed(2);
    Model model(ModelSpec{"resnet18", {32, 32}, HeadSpec{Pooling::GlobalAverage, 0, 0.0, 2}});
    model.applyFreeze(FreezePlan::trainableFrom("layer4.0"));
    auto& network = model.network();
    network.setTraining(true);
    EXPECT_TRUE(network.is_training());
    const auto before = snapshot(network.named_buffers());
    {
        torch::NoGradGuard noGrad;
        network.forward(torch::rand({4, 3, 32, 32}));
    }
    for (const auto& item : network.named_buffers()) {
        const bool trainable = item.key().rfind("base.layer4.", 0) == 0;
        const bool unchanged = torch::equal(item.value(), before.at(item.key()));
        EXPECT_EQ(unchanged, !trainable) << item.key();
    }

    network.setTraining(false);
    for (const auto& module : network.modules()) EXPECT_FALSE(module->is_training());
}

}  // namespace
}  // namespace tl
