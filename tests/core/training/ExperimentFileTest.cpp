#include <gtest/gtest.h>

#include <limits>

#include "core/training/ExperimentFile.h"
#include "core/util/Error.h"
#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl {
namespace {

std::string errorOf(const std::string& json) {
    try {
        parseExperiment(json, "exp.json");
    } catch (const Error& error) {
        return error.what();
    }
    return "";
}

TEST(ExperimentFile, RoundTripKeepsEveryField) {
    Experiment e;
    e.name = "fine";
    e.data.root = "/data/cats";
    e.data.counts = {10, 5, 3};
    e.data.splitSeed = 7;
    e.model.backbone = "resnet18";
    e.model.input = {128, 96};
    e.model.head = {Pooling::GlobalAverage, 64, 0.25, 2};
    e.weights = "imagenet";
    e.weightsStrict = false;
    e.preprocessing = Preprocessing::Caffe;
    e.freeze = FreezePlan::trainableFrom("layer4.0");
    e.freeze.frozen = {"dense"};
    e.training.regime = Regime::FineTune;
    e.training.optimizer = {OptimizerKind::Sgd, 0.01, 0.8, 1e-6, 0.5};
    e.training.epochs = 3;
    e.training.batchSize = 7;
    e.training.stepsPerEpoch = 11;
    e.training.augment = true;
    e.training.augmentation.rotationRange = 12;
    e.training.seed = 99;
    e.training.threads = 1;
    e.training.precision = Precision::Bf16;
    e.training.initFromRun = "/runs/a";

    const auto back = parseExperiment(experimentToJson(e), "round-trip");
    EXPECT_EQ(back.name, "fine");
    EXPECT_EQ(back.data.root, "/data/cats");
    EXPECT_EQ(back.data.counts.train, 10);
    EXPECT_EQ(back.data.counts.test, 3);
    EXPECT_EQ(back.data.splitSeed, 7u);
    EXPECT_EQ(back.model.backbone, "resnet18");
    EXPECT_EQ(back.model.input, (ImageSize{128, 96}));
    EXPECT_EQ(back.model.head.pooling, Pooling::GlobalAverage);
    EXPECT_EQ(back.model.head.units, 64);
    EXPECT_DOUBLE_EQ(back.model.head.dropout, 0.25);
    EXPECT_EQ(back.weights, "imagenet");
    EXPECT_FALSE(back.weightsStrict);
    EXPECT_EQ(back.preprocessing, Preprocessing::Caffe);
    EXPECT_EQ(back.freeze.base, FreezePlan::Base::TrainableFrom);
    EXPECT_EQ(back.freeze.from, "layer4.0");
    EXPECT_EQ(back.freeze.frozen, std::vector<std::string>{"dense"});
    EXPECT_EQ(back.training.regime, Regime::FineTune);
    EXPECT_EQ(back.training.optimizer.kind, OptimizerKind::Sgd);
    EXPECT_DOUBLE_EQ(back.training.optimizer.learningRate, 0.01);
    EXPECT_DOUBLE_EQ(back.training.optimizer.momentum, 0.5);
    EXPECT_EQ(back.training.epochs, 3);
    EXPECT_EQ(back.training.batchSize, 7);
    EXPECT_EQ(back.training.stepsPerEpoch, 11);
    EXPECT_TRUE(back.training.augment);
    EXPECT_DOUBLE_EQ(back.training.augmentation.rotationRange, 12);
    EXPECT_EQ(back.training.seed, 99u);
    EXPECT_EQ(back.training.precision, Precision::Bf16);
    EXPECT_EQ(back.training.initFromRun, "/runs/a");
}

TEST(ExperimentFile, ErrorsNameTheFieldPath) {
    EXPECT_NE(errorOf(R"({"training": {"optimizer": {"learning_rate": "fast"}}})")
                  .find("exp.json: training.optimizer.learning_rate: expected a number"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"training": {"epochs": 2.5}})").find("training.epochs: expected an integer"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"model": {"head": {"pooling": "max"}}})").find("model.head.pooling"), std::string::npos);
    EXPECT_NE(errorOf(R"({"training": {"regime": "magic"}})").find("training.regime: unknown regime 'magic'"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"training": {"precision": "fp16"}})")
                  .find("training.precision: unknown precision 'fp16' (choose auto, fp32 or bf16)"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"model": {"freeze": {"frozen": ["a", 3]}}})").find("model.freeze.frozen[1]"),
              std::string::npos);
}

TEST(ExperimentFile, UnknownFieldSuggestsTheRightName) {
    const auto message = errorOf(R"({"training": {"optimiser": {}}})");
    EXPECT_NE(message.find("training.optimiser: unknown field; did you mean 'optimizer'?"), std::string::npos)
        << message;
}

TEST(ExperimentFile, SyntaxErrorGivesLineAndColumn) {
    const auto message = errorOf("{\n  \"name\": \"x\",\n  \"data\": {,}\n}");
    EXPECT_NE(message.find("exp.json: invalid JSON at line 3"), std::string::npos) << message;
}

TEST(ExperimentFile, ANumberBeyondADoubleIsInvalidJsonNotACrash) {
    // Found by fuzzing: nlohmann's out_of_range escaped as an exception no caller expected.
    const auto message = errorOf(R"({"training": {"optimizer": {"learning_rate": 1e400}}})");
    EXPECT_NE(message.find("exp.json: invalid JSON: number overflow"), std::string::npos) << message;
}

TEST(ExperimentFile, RelativePathsResolveAgainstTheFile) {
    test::TempDir folder;
    test::writeBytes(folder / "sub/exp.json",
                     R"({"data": {"path": "../images"}, "training": {"init_from_run": "runs/a"}})");
    const auto e = loadExperiment(folder / "sub/exp.json");
    EXPECT_EQ(e.data.root, (folder / "images").lexically_normal());
    EXPECT_EQ(e.training.initFromRun, (folder / "sub/runs/a").lexically_normal());
}

TEST(ExperimentFile, ValidationNamesTheField) {
    Experiment e;
    e.data.root = "/data";
    e.training.epochs = 0;
    EXPECT_THROW(
        {
            try {
                validateExperiment(e, "x.json");
            } catch (const Error& error) {
                EXPECT_STREQ(error.what(), "x.json: training.epochs: must be from 1 to 100000");
                throw;
            }
        },
        Error);
    e.training.epochs = 1;
    e.training.regime = Regime::FineTune;
    EXPECT_THROW(validateExperiment(e, "x.json"), Error);
}

TEST(ExperimentFile, PreprocessingIsAutoUnlessNamed) {
    EXPECT_EQ(Experiment{}.preprocessing, Preprocessing::Auto);
    EXPECT_EQ(parsePreprocessing("auto"), Preprocessing::Auto);
    EXPECT_EQ(toString(Preprocessing::Auto), "auto");
    const std::filesystem::path presets = std::filesystem::path(TRANSFERLAB_SOURCE_DIR) / "resources/presets";
    for (const auto& entry : std::filesystem::directory_iterator(presets)) {
        EXPECT_EQ(loadExperiment(entry.path()).preprocessing, Preprocessing::Auto) << entry.path();
    }
}

TEST(ExperimentFile, LearningRatesOutsideTheUsableRangeAreRefused) {
    Experiment e;
    e.data.root = "/data";
    for (double rate :
         {0.0, -5.0, 1000.0, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
        e.training.optimizer.learningRate = rate;
        try {
            validateExperiment(e, "x.json");
            ADD_FAILURE() << "learning rate " << rate << " was accepted";
        } catch (const Error& error) {
            EXPECT_NE(std::string(error.what()).find("training.optimizer.learning_rate"), std::string::npos) << rate;
        }
    }
    e.training.optimizer.learningRate = kMaximumLearningRate;
    EXPECT_NO_THROW(validateExperiment(e, "x.json"));
}

TEST(ExperimentFile, AbsurdSizesAreRefusedNamingTheFieldAndTheRange) {
    const auto refusal = [](Experiment e) {
        e.data.root = "/data";
        try {
            validateExperiment(e, "x.json");
        } catch (const Error& error) {
            return std::string(error.what());
        }
        return std::string("accepted");
    };
    Experiment e;
    e.training.epochs = 1000000000;
    EXPECT_NE(refusal(e).find("training.epochs: must be from 1 to 100000"), std::string::npos) << refusal(e);
    e = {};
    e.training.threads = 100000;
    EXPECT_NE(refusal(e).find("training.threads"), std::string::npos) << refusal(e);
    e.training.threads = maximumThreads();
    EXPECT_EQ(refusal(e), "accepted");
    e = {};
    e.model.input = {20000, 20000};
    EXPECT_NE(refusal(e).find("model.input_size"), std::string::npos) << refusal(e);
    e = {};
    e.training.regime = Regime::FeatureExtractionAug;  // always augments
    e.training.augmentation.zoomRange = 1.5;
    EXPECT_NE(refusal(e).find("training.augmentation"), std::string::npos) << refusal(e);
    e = {};
    e.training.batchSize = 0;
    EXPECT_NE(refusal(e).find("training.batch_size"), std::string::npos) << refusal(e);
}

TEST(ExperimentFile, EveryPresetParses) {
    const std::filesystem::path presets = std::filesystem::path(TRANSFERLAB_SOURCE_DIR) / "resources/presets";
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(presets)) {
        SCOPED_TRACE(entry.path().string());
        const auto e = loadExperiment(entry.path());
        EXPECT_FALSE(e.description.empty());
        ++count;
    }
    EXPECT_EQ(count, 5);
    const auto fe = loadExperiment(presets / "4-feature-extraction-augmented.json");
    EXPECT_EQ(fe.training.regime, Regime::FeatureExtractionAug);
    EXPECT_DOUBLE_EQ(fe.training.optimizer.learningRate, 2e-5);
    EXPECT_DOUBLE_EQ(fe.training.augmentation.rotationRange, 40);
    const auto ft = loadExperiment(presets / "5-fine-tuning.json");
    EXPECT_EQ(ft.freeze.from, "block5_conv1");
    EXPECT_DOUBLE_EQ(ft.training.optimizer.learningRate, 1e-5);
}

}  // namespace
}  // namespace tl

namespace tl {
namespace {

TEST(RegimeRules, AugmentationFreezingAndPoolFollowTheRegime) {
    EXPECT_FALSE(augments(Regime::FeatureExtraction, true));
    EXPECT_TRUE(augments(Regime::FeatureExtractionAug, false));
    EXPECT_TRUE(augments(Regime::Scratch, true));
    EXPECT_FALSE(augments(Regime::Scratch, false));
    EXPECT_TRUE(augments(Regime::FineTune, true));
    EXPECT_TRUE(freezesBase(Regime::FeatureExtraction));
    EXPECT_TRUE(freezesBase(Regime::FeatureExtractionAug));
    EXPECT_FALSE(freezesBase(Regime::FineTune));
    EXPECT_FALSE(freezesBase(Regime::Scratch));
    EXPECT_TRUE(canUseAugmentationPool(Regime::FineTune));
    EXPECT_FALSE(canUseAugmentationPool(Regime::Scratch));
}

}  // namespace
}  // namespace tl
