// Loading torchvision-written weights into core's models: outputs equal torchvision's for the same
// weights and input (golden checks), matching before loading, and the run preparation wiring.
// Skipped where Debian's python3-torch / python3-torchvision are missing.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/models/internal/Network.h"
#include "core/training/RunPreparation.h"
#include "core/util/Error.h"
#include "core/weights/WeightsFile.h"
#include "support/TempDir.h"
#include "support/TorchReference.h"
#include "support/TrainingFixture.h"
#include "support/WeightsFixtures.h"

namespace tl {
namespace {

using test::readReference;

torch::Tensor baseTensor(Model& model, const std::string& name) {
    for (const auto& item : model.network().baseModule()->named_parameters()) {
        if (item.key() == name) return item.value().detach().clone();
    }
    return {};
}

std::size_t baseTensorCount(Model& model) {
    const auto& base = *model.network().baseModule();
    std::size_t count = base.named_parameters().size();
    for (const auto& item : base.named_buffers()) count += item.key().ends_with("num_batches_tracked") ? 0 : 1;
    return count;
}

/// Loads `file` into a fresh `backbone` model and compares its base output with torchvision's.
WeightsReport expectSameOutputAsTorchvision(const std::string& backbone, const std::filesystem::path& file,
                                            const std::filesystem::path& reference, int size) {
    Model model(ModelSpec{backbone, {size, size}, {}});
    const auto report = loadWeights(model, file);
    EXPECT_EQ(report.source, "torchvision");
    EXPECT_EQ(report.suggested, Preprocessing::Torchvision);
    EXPECT_TRUE(report.missing.empty() && report.unexpected.empty() && report.mismatched.empty());
    EXPECT_GE(report.loaded, baseTensorCount(model));
    const auto [input, expected] = readReference(reference);
    torch::NoGradGuard noGrad;
    model.network().setTraining(false);
    const auto actual = model.network().forwardBase(input);
    EXPECT_EQ(actual.sizes(), expected.sizes());
    EXPECT_LT((actual - expected).abs().max().item<double>(), 1e-4);
    return report;
}

TEST(WeightsLoading, ResNet18ZipMatchesTorchvision) {
    test::WeightsFixtures fixtures({"resnet18"});
    TL_REQUIRE_FIXTURES(fixtures);
    const auto report =
        expectSameOutputAsTorchvision("resnet18", fixtures / "resnet18.pth", fixtures / "resnet18.reference.pt", 64);
    EXPECT_EQ(report.ignoredTop, (std::vector<std::string>{"fc.weight", "fc.bias"}));
    EXPECT_EQ(report.sha256, fixtures.sha256().at("resnet18.pth"));
    EXPECT_EQ(report.file, fixtures / "resnet18.pth");
}

TEST(WeightsLoading, MobileNetV2LegacyMatchesTorchvision) {
    test::WeightsFixtures fixtures({"mobilenet_v2"});
    TL_REQUIRE_FIXTURES(fixtures);
    const auto report = expectSameOutputAsTorchvision("mobilenet_v2", fixtures / "mobilenet_v2_legacy.pth",
                                                      fixtures / "mobilenet_v2.reference.pt", 64);
    EXPECT_EQ(report.ignoredTop, (std::vector<std::string>{"classifier.1.weight", "classifier.1.bias"}));
}

TEST(WeightsLoading, SqueezeNetTrainingCheckpointMatchesTorchvision) {
    // {"epoch", "arch", "best_acc1", "state_dict" with DataParallel's "module." names, "optimizer"}.
    test::WeightsFixtures fixtures({"squeezenet1_1"});
    TL_REQUIRE_FIXTURES(fixtures);
    const auto report = expectSameOutputAsTorchvision("squeezenet1_1", fixtures / "squeezenet_checkpoint.pth",
                                                      fixtures / "squeezenet1_1.reference.pt", 64);
    EXPECT_EQ(report.ignoredTop, (std::vector<std::string>{"classifier.1.weight", "classifier.1.bias"}));
}

TEST(WeightsLoading, Vgg16FeaturesLegacyMatchesTorchvision) {
    test::WeightsFixtures fixtures({"vgg16"});
    TL_REQUIRE_FIXTURES(fixtures);
    const auto report = expectSameOutputAsTorchvision("vgg16", fixtures / "vgg16_features_legacy.pth",
                                                      fixtures / "vgg16.reference.pt", 32);
    EXPECT_TRUE(report.ignoredTop.empty());
    EXPECT_EQ(report.loaded, 26u);
}

TEST(WeightsLoading, StrictRefusesAnotherArchitectureListingNamesAndShapes) {
    test::WeightsFixtures fixtures({"resnet18", "mobilenet_v2"});
    TL_REQUIRE_FIXTURES(fixtures);
    Model resnet50(ModelSpec{"resnet50", {64, 64}, {}});
    const auto before = baseTensor(resnet50, "conv1.weight");
    try {
        loadWeights(resnet50, fixtures / "resnet18.pth");
        ADD_FAILURE() << "loaded";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("holds resnet18 weights, not resnet50 ones; nothing was loaded"), std::string::npos)
            << message;
        EXPECT_NE(message.find("layer1.0.conv1.weight (model [64, 64, 1, 1], file [64, 64, 3, 3])"), std::string::npos);
        EXPECT_NE(message.find("missing from the file: "), std::string::npos);
        EXPECT_NE(message.find("layer1.0.conv3.weight [256, 64, 1, 1]"), std::string::npos);
        EXPECT_EQ(message.find("fc.weight"), std::string::npos);  // the top is not a problem
    }
    EXPECT_TRUE(torch::equal(baseTensor(resnet50, "conv1.weight"), before));  // conv1 fits, yet was not copied

    Model squeezenet(ModelSpec{"squeezenet1_1", {64, 64}, {}});
    try {
        loadWeights(squeezenet, fixtures / "mobilenet_v2_legacy.pth");
        ADD_FAILURE() << "loaded";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("not in the model: "), std::string::npos) << message;
        EXPECT_NE(message.find("features.18.0.weight [1280, 320, 1, 1]"), std::string::npos) << message;
        EXPECT_NE(message.find("features.12.expand3x3.weight [256, 64, 3, 3]"), std::string::npos) << message;
        EXPECT_NE(message.find("holds mobilenet_v2 weights"), std::string::npos) << message;
    }
}

TEST(WeightsLoading, APublishedFileForAnotherBackboneSaysSoFirst) {
    test::WeightsFixtures fixtures({"resnet18"});
    TL_REQUIRE_FIXTURES(fixtures);
    test::TempDir dir;
    // The name torchvision publishes resnet18's weights under.
    const auto published = dir / "resnet18-f37072fd.pth";
    std::filesystem::copy_file(fixtures / "resnet18.pth", published);
    Model resnet50(ModelSpec{"resnet50", {64, 64}, {}});
    try {
        loadWeights(resnet50, published);
        ADD_FAILURE() << "loaded";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.find(published.string() + " holds resnet18 weights, not resnet50 ones; nothing was loaded. "
                                                    "Choose resnet18 as the backbone"),
                  0u)
            << message;
        EXPECT_NE(message.find("missing from the file: "), std::string::npos) << "the list follows";
    }
}

TEST(WeightsLoading, ARenamedFileIsRecognisedByItsTensorNames) {
    test::WeightsFixtures fixtures({"resnet18", "mobilenet_v2"});
    TL_REQUIRE_FIXTURES(fixtures);
    Model squeezenet(ModelSpec{"squeezenet1_1", {64, 64}, {}});
    try {
        loadWeights(squeezenet, fixtures / "mobilenet_v2_legacy.pth");  // not a published name
        ADD_FAILURE() << "loaded";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("holds mobilenet_v2 weights, not squeezenet1_1 ones"), std::string::npos) << message;
    }
    Model resnet50(ModelSpec{"resnet50", {64, 64}, {}});
    try {
        loadWeights(resnet50, fixtures / "resnet18.pth");
        ADD_FAILURE() << "loaded";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("holds resnet18 weights, not resnet50 ones"), std::string::npos)
            << e.what();
    }
}

TEST(WeightsLoading, NonStrictLoadsWhatFitsAndReportsTheRest) {
    test::WeightsFixtures fixtures({"resnet18"});
    TL_REQUIRE_FIXTURES(fixtures);
    Model resnet18(ModelSpec{"resnet18", {64, 64}, {}});
    loadWeights(resnet18, fixtures / "resnet18.pth");
    Model resnet50(ModelSpec{"resnet50", {64, 64}, {}});
    const auto untouched = baseTensor(resnet50, "layer1.0.conv1.weight");
    const auto report = loadWeights(resnet50, fixtures / "resnet18.pth", false);

    EXPECT_GT(report.loaded, 0u);
    EXPECT_TRUE(torch::equal(baseTensor(resnet50, "conv1.weight"), baseTensor(resnet18, "conv1.weight")));
    EXPECT_TRUE(torch::equal(baseTensor(resnet50, "layer1.0.conv1.weight"), untouched));
    const auto mismatch = std::find_if(report.mismatched.begin(), report.mismatched.end(),
                                       [](const ShapeMismatch& m) { return m.name == "layer1.0.conv1.weight"; });
    ASSERT_NE(mismatch, report.mismatched.end());
    EXPECT_EQ(mismatch->expected, (std::vector<std::int64_t>{64, 64, 1, 1}));
    EXPECT_EQ(mismatch->file, (std::vector<std::int64_t>{64, 64, 3, 3}));
    EXPECT_NE(std::find(report.missing.begin(), report.missing.end(), "layer1.0.conv3.weight"), report.missing.end());
    EXPECT_TRUE(report.unexpected.empty());
    EXPECT_EQ(report.ignoredTop.size(), 2u);

    // With include_top on, torchvision's classifier is just more tensors the model lacks.
    const auto withTop = loadWeights(resnet18, fixtures / "resnet18.pth", false, true);
    EXPECT_EQ(withTop.unexpected, (std::vector<std::string>{"fc.weight", "fc.bias"}));
    EXPECT_TRUE(withTop.ignoredTop.empty());
    EXPECT_THROW(loadWeights(resnet18, fixtures / "resnet18.pth", true, true), Error);
}

TEST(WeightsLoading, RunPreparationLoadsTheExperimentsWeights) {
    test::WeightsFixtures fixtures({"resnet18"});
    TL_REQUIRE_FIXTURES(fixtures);
    Model reference(ModelSpec{"resnet18", {64, 64}, {}});
    loadWeights(reference, fixtures / "resnet18.pth");

    test::TinyExperiment tiny;
    auto experiment = tiny.experiment;
    experiment.model.backbone = "resnet18";
    experiment.model.input = {64, 64};
    experiment.weights = (fixtures / "resnet18.pth").string();
    std::string log;
    auto prepared = prepareRun(experiment, [&](const std::string& line) { log += line + "\n"; });
    EXPECT_TRUE(torch::equal(baseTensor(prepared.model, "layer4.1.conv2.weight"),
                             baseTensor(reference, "layer4.1.conv2.weight")));
    EXPECT_NE(log.find(fixtures.sha256().at("resnet18.pth")), std::string::npos) << log;
    EXPECT_NE(log.find("torchvision weights from " + (fixtures / "resnet18.pth").string()), std::string::npos) << log;

    experiment.weights = (fixtures / "absent.pth").string();
    EXPECT_THROW(prepareRun(experiment), Error);
    experiment.model.backbone = "tiny";
    experiment.model.input = {32, 32};
    experiment.weights = "imagenet";
    EXPECT_THROW(prepareRun(experiment), Error);
}

TEST(WeightsLoading, AutoPreprocessingFollowsTheWeights) {
    test::WeightsFixtures fixtures({"resnet18"});
    TL_REQUIRE_FIXTURES(fixtures);
    test::TinyExperiment tiny;
    auto experiment = tiny.experiment;
    experiment.preprocessing = Preprocessing::Auto;
    std::string log;
    const auto logTo = [&](const std::string& line) { log += line + "\n"; };
    EXPECT_EQ(prepareRun(experiment, logTo).experiment.preprocessing, Preprocessing::Unit) << "random weights";
    experiment.model.backbone = "resnet18";
    experiment.model.input = {64, 64};
    experiment.weights = (fixtures / "resnet18.pth").string();
    EXPECT_EQ(prepareRun(experiment, logTo).experiment.preprocessing, Preprocessing::Torchvision);
    EXPECT_NE(log.find("preprocessing: torchvision, what these weights were trained with"), std::string::npos) << log;
    experiment.preprocessing = Preprocessing::Caffe;  // an explicit choice wins
    EXPECT_EQ(prepareRun(experiment).experiment.preprocessing, Preprocessing::Caffe);
}

TEST(WeightsLoading, ANonStrictExperimentTakesWhatFitsAndItsIdentityNamesTheSeed) {
    test::WeightsFixtures fixtures({"resnet18"});
    TL_REQUIRE_FIXTURES(fixtures);
    test::TinyExperiment tiny;
    auto experiment = tiny.experiment;
    experiment.model.backbone = "resnet50";
    experiment.model.input = {64, 64};
    experiment.weights = (fixtures / "resnet18.pth").string();
    EXPECT_THROW(prepareRun(experiment), Error) << "strict by default";
    experiment.weightsStrict = false;
    auto prepared = prepareRun(experiment);
    Model reference(ModelSpec{"resnet18", {64, 64}, {}});
    loadWeights(reference, fixtures / "resnet18.pth");
    EXPECT_TRUE(torch::equal(baseTensor(prepared.model, "conv1.weight"), baseTensor(reference, "conv1.weight")));
    // The tensors the file left out came from the seed: cached base outputs must not be shared
    // with another seed's model.
    EXPECT_NE(prepared.weightsIdentity.find("random seed 42"), std::string::npos) << prepared.weightsIdentity;
}

}  // namespace
}  // namespace tl
