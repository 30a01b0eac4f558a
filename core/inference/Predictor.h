#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tl {

/// One image classified by a trained run.
struct Prediction {
    std::filesystem::path image;
    std::vector<double> probabilities;  ///< one per class, in the run's class order, summing to 1
    int predicted = -1;                 ///< index of the most probable class; -1 if the image failed
    std::string error;                  ///< why the image could not be classified, else empty
};

/// Classifies single images with a run's model, decoded and preprocessed exactly as in training.
/// Loads the run once; predict() may be called many times. Not thread-safe.
class Predictor {
public:
    /// Throws tl::Error when the folder is not a run with a checkpoint.
    explicit Predictor(const std::filesystem::path& runFolder);
    ~Predictor();

    const std::vector<std::string>& classes() const;
    /// Never throws for a bad image: the Prediction carries the error instead.
    Prediction predict(const std::filesystem::path& image);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tl
