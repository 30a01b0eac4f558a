#include <gtest/gtest.h>

#include "core/models/FreezePlanning.h"
#include "core/models/Model.h"

namespace tl {
namespace {

std::vector<bool> trainableFlags(const ModelSummary& summary) {
    std::vector<bool> flags;
    for (const auto& row : summary.layers) flags.push_back(row.parameters == 0 || row.trainable);
    return flags;
}

/// Sets the wanted flags on a summary, plans them, applies the plan to a fresh model and returns
/// what the model then reports.
ModelSummary roundTrip(Model& model, const std::vector<std::string>& frozenNames, FreezePlan* planOut = nullptr) {
    model.applyFreeze(FreezePlan::allTrainable());
    auto wanted = model.summary();
    for (auto& row : wanted.layers) {
        row.trainable = std::find(frozenNames.begin(), frozenNames.end(), row.name) == frozenNames.end();
    }
    const auto plan = freezePlanFor(wanted.layers);
    if (planOut) *planOut = plan;
    model.applyFreeze(plan);
    auto got = model.summary();
    EXPECT_EQ(trainableFlags(got), trainableFlags(wanted));
    return got;
}

TEST(FreezePlanning, AllTrainableIsTheEmptyPlan) {
    Model model(ModelSpec{"vgg16", {32, 32}, HeadSpec{}});
    FreezePlan plan;
    roundTrip(model, {}, &plan);
    EXPECT_EQ(plan.base, FreezePlan::Base::Trainable);
    EXPECT_TRUE(plan.frozen.empty());
    EXPECT_TRUE(plan.trainable.empty());
}

TEST(FreezePlanning, FrozenBaseIsFeatureExtraction) {
    Model model(ModelSpec{"vgg16", {32, 32}, HeadSpec{}});
    std::vector<std::string> base;
    for (const auto& row : model.summary().layers) {
        if (row.inBase) base.push_back(row.name);
    }
    FreezePlan plan;
    const auto summary = roundTrip(model, base, &plan);
    EXPECT_EQ(plan.base, FreezePlan::Base::Frozen);
    EXPECT_TRUE(plan.frozen.empty());
    EXPECT_EQ(summary.trainableParameters, 512 * 256 + 256 + 257);
}

TEST(FreezePlanning, FrozenPrefixBecomesTrainableFrom) {
    Model model(ModelSpec{"vgg16", {32, 32}, HeadSpec{}});
    std::vector<std::string> prefix;
    for (const auto& row : model.summary().layers) {
        if (row.name == "block5_conv1") break;
        prefix.push_back(row.name);
    }
    FreezePlan plan;
    roundTrip(model, prefix, &plan);
    EXPECT_EQ(plan.base, FreezePlan::Base::TrainableFrom);
    EXPECT_EQ(plan.from, "block5_conv1");
    EXPECT_TRUE(plan.frozen.empty());
    EXPECT_TRUE(plan.trainable.empty());
}

TEST(FreezePlanning, ScatteredChoicesBecomeExceptions) {
    Model model(ModelSpec{"vgg16", {32, 32}, HeadSpec{}});
    FreezePlan plan;
    roundTrip(model, {"block1_conv1", "block1_conv2", "block3_conv2", "dense"}, &plan);
    EXPECT_EQ(plan.base, FreezePlan::Base::TrainableFrom);
    EXPECT_EQ(plan.from, "block2_conv1");
    EXPECT_EQ(plan.frozen, (std::vector<std::string>{"block3_conv2", "dense"}));
}

}  // namespace
}  // namespace tl
