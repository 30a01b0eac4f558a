// The state dict Transfer Lab writes (the lesson's shipped backbone is one): loadWeights() reads
// it back exactly, and Python's torch.load reads the same values.
#include <gtest/gtest.h>

#include <sstream>

#include "core/models/internal/Network.h"
#include "core/weights/StateDictWriter.h"
#include "core/weights/WeightsFile.h"
#include "support/PythonRunner.h"
#include "support/TempDir.h"

namespace tl {
namespace {

ModelSpec miniVggSpec(int classes) {
    ModelSpec spec{"mini_vgg", {48, 48}, {}};
    spec.head = {Pooling::Flatten, 16, 0.0, classes};
    return spec;
}

TEST(StateDictWriter, LoadWeightsReadsTheBaseBackExactlyAndSkipsTheClassifier) {
    test::TempDir folder;
    Model written(miniVggSpec(5));
    writeStateDict(written, folder / "weights.pth");

    torch::manual_seed(7);  // a different initialisation
    Model loaded(miniVggSpec(2));
    const auto report = loadWeights(loaded, folder / "weights.pth");
    EXPECT_EQ(report.loaded, 16u);  // 8 convolutions, weight and bias
    EXPECT_EQ(report.ignoredTop.size(), 4u);
    EXPECT_TRUE(report.missing.empty());
    EXPECT_EQ(report.suggested, Preprocessing::Torchvision);

    const auto input = torch::rand({2, 3, 48, 48});
    torch::NoGradGuard noGrad;
    EXPECT_TRUE(torch::equal(written.network().forwardBase(input), loaded.network().forwardBase(input)));
}

TEST(StateDictWriter, WithoutTheHeadOnlyTheBaseIsWritten) {
    test::TempDir folder;
    Model model(miniVggSpec(3));
    writeStateDict(model, folder / "base.pth", /*includeHead=*/false);
    Model other(miniVggSpec(3));
    EXPECT_TRUE(loadWeights(other, folder / "base.pth").ignoredTop.empty());
}

TEST(StateDictWriter, PythonTorchLoadReadsTheSameValues) {
    if (!test::havePython()) GTEST_SKIP() << "no Python interpreter found at configure time";
    test::TempDir folder;
    Model model(miniVggSpec(4));
    writeStateDict(model, folder / "weights.pth");
    const auto output = test::runPython(
        "-c 'import sys, torch; d = torch.load(sys.argv[1]); "
        "[print(k, tuple(v.shape), repr(v.double().sum().item())) for k, v in d.items()]' '" +
        (folder / "weights.pth").string() + "' 2>/dev/null");
    if (!output && !test::runPython("-c 'import torch' 2>/dev/null")) GTEST_SKIP() << "python3-torch not installed";
    ASSERT_TRUE(output.has_value());

    std::map<std::string, double> sums;
    for (const auto& item : model.network().baseModule()->named_parameters()) {
        sums[item.key()] = item.value().to(torch::kDouble).sum().item<double>();
    }
    for (const auto& item : model.network().headModule()->named_parameters()) {
        sums["classifier." + item.key()] = item.value().to(torch::kDouble).sum().item<double>();
    }
    std::istringstream lines(*output);
    std::size_t seen = 0;
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        std::string name;
        fields >> name;
        const auto sum = std::stod(line.substr(line.rfind(' ') + 1));
        ASSERT_TRUE(sums.count(name)) << name;
        EXPECT_NEAR(sum, sums[name], 1e-9 * (1 + std::abs(sum))) << name;
        ++seen;
    }
    EXPECT_EQ(seen, sums.size());
}

}  // namespace
}  // namespace tl
