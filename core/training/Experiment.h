#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/data/Augmenter.h"
#include "core/data/Dataset.h"
#include "core/data/DatasetSplitter.h"
#include "core/data/Preprocessing.h"
#include "core/models/FreezePlan.h"
#include "core/models/ModelSpec.h"
#include "core/training/OptimizerKind.h"
#include "core/training/Precision.h"
#include "core/training/Regime.h"

namespace tl {

/// Where the images come from and how they are split.
struct DataSpec {
    std::filesystem::path root;  ///< dataset folder (any DatasetLayout)
    DatasetLayout layout = DatasetLayout::Auto;
    SplitCounts counts;  ///< images per class and split
    std::uint64_t splitSeed = 1;
    std::filesystem::path splitFile;  ///< when set, the split is read from it instead
};

/// Optimiser settings. Defaults are Keras' RMSprop (rho 0.9, epsilon 1e-7).
struct OptimizerSpec {
    OptimizerKind kind = OptimizerKind::RmsProp;
    double learningRate = 1e-4;
    double rho = 0.9;       ///< RMSprop decay
    double epsilon = 1e-7;  ///< RMSprop / Adam epsilon
    double momentum = 0.9;  ///< SGD momentum
};

struct TrainingSpec {
    Regime regime = Regime::Scratch;
    OptimizerSpec optimizer;
    int epochs = 30;
    int batchSize = 20;
    /// Batches per epoch; 0 = one pass over the training split. With augmentation, more steps
    /// than one pass cycle through the images again, each time with a new random transform.
    int stepsPerEpoch = 0;
    bool augment = false;  ///< scratch only; fe-aug always augments, fe never does
    AugmentationParams augmentation = AugmentationParams::classic();
    /// fe-aug and fine-tune: 0 augments every image afresh each epoch (exact); K > 0 runs the frozen
    /// part of the network once over K augmented variants of each training image and trains the
    /// rest on those, one variant drawn per image and epoch (much faster; see docs/performance.md).
    /// The default, 10, was chosen by measurement: validation accuracy within 0.3 points of exact
    /// augmentation on the lesson, 4 to 15 times faster (docs/performance.md).
    int augmentationPool = 10;
    /// Ends the run when the validation accuracy has not improved for this many epochs (Keras'
    /// EarlyStopping on val_accuracy); 0 = train every epoch. Needs validation images.
    int earlyStopPatience = 0;
    std::uint64_t seed = 42;  ///< weights init, shuffling, augmentation, dropout
    int threads = 0;          ///< 0 = every core
    /// Number format of the forward and backward passes (see Precision); auto picks bf16 on
    /// CPUs that compute it natively.
    Precision precision = Precision::Auto;
    /// fine-tune: the run folder whose trained model this run starts from.
    std::filesystem::path initFromRun;
};

/// One experiment: everything a run needs, as stored in an experiment JSON file.
struct Experiment {
    std::string name = "experiment";
    std::string description;
    DataSpec data;
    ModelSpec model;
    /// "random", "imagenet", or the path of a weights file for the backbone.
    std::string weights = "random";
    /// false: a weights file loads the tensors that fit by name and shape and leaves the rest as
    /// initialised (loadWeights' non-strict mode); true refuses a file that does not fit whole.
    bool weightsStrict = true;
    /// Auto (the default) follows the weights; an explicit value wins, with a note when it
    /// differs from what the weights were trained with.
    Preprocessing preprocessing = Preprocessing::Auto;
    FreezePlan freeze;
    TrainingSpec training;
};

}  // namespace tl
