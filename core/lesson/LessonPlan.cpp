#include "core/lesson/LessonPlan.h"

#include "core/data/LessonWorld.h"
#include "core/util/AtomicFile.h"
#include "core/util/ResourceFolder.h"
#include "core/util/UserFolders.h"

namespace tl {
namespace {

// About the lecture's proportions at a tenth of the images; validation and test larger than the
// lecture's share so that one epoch's accuracy moves in steps of 0.2 points, not 0.5.
constexpr LessonTargetCounts kTargetCounts{100, 250, 250};
// With augmentation an epoch draws 30 batches (3 passes over the 200 training images, each image
// transformed afresh): the lecture's 100 steps of an epoch at this set's size.
constexpr int kAugmentedSteps = 30;

/// The lecture's augmentation less rotation, zoom and shear: the generated faces already come at
/// every angle and size, and at 48x48 those three cost a from-scratch network more than they
/// teach it (measured: 58% with them, 84% without, in docs/design.md §6).
AugmentationParams lessonAugmentation() {
    AugmentationParams params;
    params.widthShiftRange = 0.2;
    params.heightShiftRange = 0.2;
    params.horizontalFlip = true;
    return params;
}

/// What every step shares: the target set, mini_vgg at its natural 48x48, a 256-unit head.
Experiment commonExperiment(const LessonOptions& options, const std::string& name) {
    Experiment e;
    e.name = "lesson-" + name;
    e.data.root = lessonDataFolder(options);
    e.data.layout = DatasetLayout::SplitFolders;
    e.data.counts = {0, 0, 0};  // every image of each split folder
    e.model.backbone = "mini_vgg";
    e.model.input = {kLessonImageSize, kLessonImageSize};
    e.model.head = {Pooling::Flatten, 256, 0.0, 2};
    e.training.optimizer.kind = OptimizerKind::RmsProp;
    e.training.batchSize = 20;
    e.training.seed = options.seed;
    e.training.threads = options.threads;
    e.training.augmentation = lessonAugmentation();
    return e;
}

/// `full` epochs, or `quick` in the quick lesson.
int epochs(const LessonOptions& options, int full, int quick) {
    return options.quick ? quick : full;
}

std::string pretrainedWeights(const LessonOptions& options) {
    return (options.weights.empty() ? lessonWeightsFile() : options.weights).string();
}

}  // namespace

double lectureAccuracyOf(Regime regime, bool augmented) {
    switch (regime) {
        case Regime::Scratch:
            return augmented ? 0.82 : 0.70;
        case Regime::FeatureExtraction:
            return 0.90;
        case Regime::FeatureExtractionAug:
            return 0.96;
        case Regime::FineTune:
            return 0.97;
    }
    return 0;
}

std::filesystem::path defaultLessonFolder() {
    return userDataHome() / "transferlab/lesson";
}

std::filesystem::path lessonWeightsFile() {
    return resourceFolder() / "lesson" / "mini_vgg-shapes60.pth";
}

std::filesystem::path lessonDataFolder(const LessonOptions& options) {
    return options.folder / "data";
}

void ensureLessonData(const LessonOptions& options) {
    const auto root = lessonDataFolder(options);
    const auto marker = root / ".complete";
    if (std::filesystem::exists(marker)) return;
    std::filesystem::remove_all(root);
    writeLessonTargetSet(root, kTargetCounts, options.dataSeed);
    writeFileAtomically(marker, "seed " + std::to_string(options.dataSeed) + "\n");
}

std::vector<LessonStep> lessonSteps(const LessonOptions& options) {
    std::vector<LessonStep> steps;

    auto scratch = commonExperiment(options, "1-scratch");
    scratch.description = "Experiment 1: mini_vgg from random weights, no augmentation (lecture: ~70%).";
    scratch.training.regime = Regime::Scratch;
    scratch.training.optimizer.learningRate = 3e-4;
    scratch.training.epochs = epochs(options, 60, 20);
    steps.push_back({scratch, "From scratch", lectureAccuracyOf(Regime::Scratch, false), false});

    auto augmented = commonExperiment(options, "2-scratch-augmented");
    augmented.description = "Experiment 2: the same with augmentation and dropout 0.5 (lecture: ~82%).";
    augmented.model.head.dropout = 0.5;
    augmented.training.regime = Regime::Scratch;
    augmented.training.optimizer.learningRate = 3e-4;
    augmented.training.epochs = epochs(options, 60, 40);  // starts slowly: keeps two thirds
    augmented.training.stepsPerEpoch = kAugmentedSteps;
    augmented.training.augment = true;
    steps.push_back({augmented, "From scratch + augmentation", lectureAccuracyOf(Regime::Scratch, true), false});

    auto extraction = commonExperiment(options, "3-feature-extraction");
    extraction.description =
        "Experiment 3: the pretrained base frozen, a new classifier on its features (lecture: ~90%).";
    extraction.weights = pretrainedWeights(options);
    extraction.model.head.dropout = 0.5;
    extraction.freeze = FreezePlan::frozenBase();
    extraction.training.regime = Regime::FeatureExtraction;
    extraction.training.optimizer.learningRate = 1e-4;
    extraction.training.epochs = epochs(options, 30, 10);
    steps.push_back({extraction, "Feature extraction", lectureAccuracyOf(Regime::FeatureExtraction, false), false});

    auto extractionAugmented = commonExperiment(options, "4-feature-extraction-augmented");
    extractionAugmented.description =
        "Experiment 4: the frozen base and a new classifier on augmented images (lecture: 92-96%).";
    extractionAugmented.weights = pretrainedWeights(options);
    extractionAugmented.freeze = FreezePlan::frozenBase();
    extractionAugmented.training.regime = Regime::FeatureExtractionAug;
    extractionAugmented.training.optimizer.learningRate = 1e-4;
    extractionAugmented.training.epochs = epochs(options, 30, 10);
    extractionAugmented.training.stepsPerEpoch = kAugmentedSteps;
    steps.push_back({extractionAugmented, "Feature extraction + augmentation",
                     lectureAccuracyOf(Regime::FeatureExtractionAug, true), false});

    auto fineTuning = commonExperiment(options, "5-fine-tuning");
    fineTuning.description = "Experiment 5: from experiment 4, block4 unfrozen, a tiny learning rate (lecture: ~97%).";
    fineTuning.freeze = FreezePlan::trainableFrom("block4_conv1");
    fineTuning.training.regime = Regime::FineTune;
    fineTuning.training.optimizer.learningRate = 3e-5;
    fineTuning.training.epochs = epochs(options, 30, 10);
    fineTuning.training.stepsPerEpoch = kAugmentedSteps;
    fineTuning.training.augment = true;  // the lecture fine-tunes on the augmented generator too
    steps.push_back({fineTuning, "Fine-tuning", lectureAccuracyOf(Regime::FineTune, true), true});
    return steps;
}

}  // namespace tl
