#include <gtest/gtest.h>

#include <numeric>

#include "core/inference/Predictor.h"
#include "core/runs/RunFolder.h"
#include "core/training/Evaluator.h"
#include "core/training/ExperimentRunner.h"
#include "core/util/Error.h"
#include "support/TestImages.h"
#include "support/TrainingFixture.h"

namespace tl {
namespace {

class Evaluation : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        tiny_ = new test::TinyExperiment(16);
        tiny_->experiment.training.epochs = 6;
        run_ = runExperiment(tiny_->experiment, {tiny_->runsRoot()}).folder;
    }
    static void TearDownTestSuite() { delete tiny_; }
    static test::TinyExperiment* tiny_;
    static std::filesystem::path run_;
};
test::TinyExperiment* Evaluation::tiny_ = nullptr;
std::filesystem::path Evaluation::run_;

TEST_F(Evaluation, ConfusionMatrixAgreesWithAccuracy) {
    const auto evaluation = evaluateRun(run_, SplitName::Test);
    EXPECT_EQ(evaluation.images, 8u);
    ASSERT_EQ(evaluation.confusion.size(), 2u);
    std::size_t total = 0, right = 0;
    for (std::size_t a = 0; a < 2; ++a) {
        EXPECT_EQ(evaluation.confusion[a][0] + evaluation.confusion[a][1], 4u);  // 4 test images per class
        total += evaluation.confusion[a][0] + evaluation.confusion[a][1];
        right += evaluation.confusion[a][a];
    }
    EXPECT_EQ(total, 8u);
    EXPECT_DOUBLE_EQ(evaluation.accuracy, static_cast<double>(right) / 8.0);
    ASSERT_EQ(evaluation.outcomes.size(), 8u);
    std::size_t agreeing = 0;
    for (const auto& outcome : evaluation.outcomes) {
        // each outcome names its file, in its actual class's folder
        EXPECT_EQ(outcome.file.parent_path().filename().string(),
                  evaluation.classes[static_cast<std::size_t>(outcome.actual)]);
        ASSERT_EQ(outcome.probabilities.size(), 2u);
        EXPECT_NEAR(outcome.probabilities[0] + outcome.probabilities[1], 1.0, 1e-6);
        agreeing += outcome.actual == outcome.predicted;
    }
    EXPECT_EQ(agreeing, right);
    // the score is kept beside the run for run listings
    const auto kept = RunFolder::open(run_).readEvaluation("test");
    ASSERT_TRUE(kept.has_value());
    EXPECT_DOUBLE_EQ(kept->accuracy, evaluation.accuracy);
    EXPECT_EQ(kept->images, 8u);
    EXPECT_EQ(kept->checkpoint, "model-best.pt");  // by default, the best validation epoch
    // the demo classes are easy: six epochs learn them
    EXPECT_GE(evaluation.accuracy, 0.75);
}

TEST_F(Evaluation, ValidationPassMatchesTheLastEpoch) {
    const auto evaluation = evaluateRun(run_, SplitName::Validation, {}, nullptr, 0, CheckpointChoice::Last);
    const auto metrics = RunFolder::open(run_).readMetrics();
    EXPECT_EQ(evaluation.checkpoint.filename(), "model.pt");
    EXPECT_NEAR(evaluation.loss, metrics.back().validationLoss, 1e-5);
    EXPECT_NEAR(evaluation.accuracy, metrics.back().validationAccuracy, 1e-9);
}

TEST_F(Evaluation, TheBestCheckpointIsTheBestValidationEpoch) {
    const auto folder = RunFolder::open(run_);
    const auto summary = folder.readSummary();
    const auto evaluation = evaluateRun(run_, SplitName::Validation);
    EXPECT_EQ(evaluation.checkpoint, folder.bestCheckpointFile());
    EXPECT_NEAR(evaluation.loss, summary.best.validationLoss, 1e-5);
    EXPECT_NEAR(evaluation.accuracy, summary.best.validationAccuracy, 1e-9);
    const auto metrics = folder.readMetrics();
    for (const auto& epoch : metrics) EXPECT_LE(epoch.validationAccuracy, summary.best.validationAccuracy);
    EXPECT_NE(folder.describeCheckpoint(evaluation.checkpoint).find("epoch " + std::to_string(summary.best.epoch)),
              std::string::npos)
        << folder.describeCheckpoint(evaluation.checkpoint);
}

TEST_F(Evaluation, PredictorGivesProbabilitiesAndReportsBadImages) {
    Predictor predictor(run_);
    EXPECT_EQ(predictor.classes(), (std::vector<std::string>{"cat", "dog"}));
    const auto cat = predictor.predict(tiny_->dataRoot() / "cat/cat.0.png");
    ASSERT_TRUE(cat.error.empty()) << cat.error;
    ASSERT_EQ(cat.probabilities.size(), 2u);
    EXPECT_NEAR(cat.probabilities[0] + cat.probabilities[1], 1.0, 1e-6);
    EXPECT_EQ(cat.predicted, cat.probabilities[0] > cat.probabilities[1] ? 0 : 1);

    test::writeBytes(tiny_->folder / "bad.jpg", "nope");
    const auto bad = predictor.predict(tiny_->folder / "bad.jpg");
    EXPECT_EQ(bad.predicted, -1);
    EXPECT_NE(bad.error.find("bad.jpg"), std::string::npos);
}

TEST(EvaluationErrors, NotARunFolder) {
    test::TempDir folder;
    EXPECT_THROW(evaluateRun(folder.path(), SplitName::Test), Error);
    EXPECT_THROW(Predictor{folder.path()}, Error);
}

}  // namespace
}  // namespace tl
