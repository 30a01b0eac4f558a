#include "core/lesson/LessonPretraining.h"

#include "core/data/LessonWorld.h"
#include "core/runs/TrainedRun.h"
#include "core/weights/StateDictWriter.h"

namespace tl {
namespace {

constexpr int kValidationPerClass = 20;

/// True when every source class folder holds `perClass` images already.
bool sourceSetComplete(const std::filesystem::path& root, int perClass) {
    for (const auto& name : lessonSourceClasses()) {
        const auto folder = root / name;
        std::error_code error;
        if (!std::filesystem::is_directory(folder, error)) return false;
        int count = 0;
        for (const auto& entry : std::filesystem::directory_iterator(folder, error)) count += entry.is_regular_file();
        if (count != perClass) return false;
    }
    return true;
}

}  // namespace

Experiment lessonPretrainingExperiment(const LessonPretrainingOptions& options) {
    Experiment e;
    e.name = "lesson-pretraining";
    e.description = "mini_vgg learns the 60 generated source classes: the lesson's stand-in for ImageNet.";
    e.data.root = options.workFolder / "source";
    e.data.layout = DatasetLayout::ClassFolders;
    e.data.counts = {options.imagesPerClass - kValidationPerClass, kValidationPerClass, 0};
    e.data.splitSeed = options.seed;
    e.model.backbone = "mini_vgg";
    e.model.input = {kLessonImageSize, kLessonImageSize};
    e.model.head = {Pooling::Flatten, 256, 0.5, static_cast<int>(lessonSourceClasses().size())};
    // What a PyTorch weights file is assumed to expect (docs/design.md §3), so "auto" picks it.
    e.preprocessing = Preprocessing::Torchvision;
    e.training.regime = Regime::Scratch;
    e.training.optimizer.kind = OptimizerKind::Adam;
    e.training.optimizer.learningRate = 1e-3;
    e.training.epochs = options.epochs;
    e.training.batchSize = 64;
    e.training.augment = false;
    e.training.seed = options.seed;
    e.training.threads = options.threads;
    e.training.precision = Precision::Fp32;
    return e;
}

RunResult pretrainLessonBackbone(const LessonPretrainingOptions& options, const RunRequest& request) {
    const auto source = options.workFolder / "source";
    if (!sourceSetComplete(source, options.imagesPerClass)) {
        std::filesystem::remove_all(source);
        if (request.callbacks.onLog) {
            request.callbacks.onLog("writing " + std::to_string(options.imagesPerClass) + " images of each of " +
                                    std::to_string(lessonSourceClasses().size()) + " source classes to " +
                                    source.string());
        }
        const bool written = writeLessonSourceSet(source, options.imagesPerClass, options.seed, [&](int, int) {
            return !(request.control && request.control->stopRequested());
        });
        if (!written) return {};
    }
    auto result = runExperiment(lessonPretrainingExperiment(options), request);
    if (result.summary.status != RunStatus::Completed) return result;
    const auto trained = TrainedRun::load(result.folder);
    writeStateDict(trained.model, options.output);
    if (request.callbacks.onLog) request.callbacks.onLog("weights written to " + options.output.string());
    return result;
}

}  // namespace tl
