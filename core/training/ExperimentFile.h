#pragma once
#include <filesystem>
#include <string>

#include "core/training/Experiment.h"

namespace tl {

/// Reads an experiment JSON file. Relative paths inside it (data.path, data.split_file,
/// model.weights when a file, training.init_from_run) resolve against the file's folder.
/// Throws tl::Error naming the file and the field path at fault, e.g.
/// "fe.json: training.optimizer.learning_rate: expected a number, got \"fast\"".
Experiment loadExperiment(const std::filesystem::path& file);

/// Parses experiment JSON text; `source` names it in errors, relative paths resolve against `baseDir`.
Experiment parseExperiment(const std::string& json, const std::string& source,
                           const std::filesystem::path& baseDir = {});

/// The experiment as JSON text (every field written, so a run folder records all settings).
std::string experimentToJson(const Experiment& experiment);

/// Writes experimentToJson() atomically.
void saveExperiment(const Experiment& experiment, const std::filesystem::path& file);

/// The largest learning rate an experiment may ask for: beyond it every optimiser here diverges.
constexpr double kMaximumLearningRate = 10.0;
/// Limits that keep a typo from hanging a run or exhausting memory (1e9 epochs, a 20000-pixel input).
constexpr int kMaximumEpochs = 100000;
constexpr int kMaximumBatchSize = 65536;
constexpr int kMaximumSteps = 1000000;
constexpr int kMaximumInputSide = 2048;
/// CPU threads an experiment may ask for: 4 per core of this machine (at least 8).
int maximumThreads();

/// Checks values a run cannot work with (epochs < 1, batch size < 1, a learning rate that is not
/// in (0, kMaximumLearningRate], fine-tune without init_from_run, missing data path, ...). Throws
/// tl::Error naming the field.
void validateExperiment(const Experiment& experiment, const std::string& source);

}  // namespace tl
