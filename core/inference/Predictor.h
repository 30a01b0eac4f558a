#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/data/RgbImage.h"
#include "core/inference/FeatureMaps.h"
#include "core/inference/Heatmap.h"
#include "core/runs/CheckpointChoice.h"

namespace tl {

/// One image classified by a trained run.
struct Prediction {
    std::filesystem::path image;
    std::vector<double> probabilities;  ///< one per class, in the run's class order, summing to 1
    int predicted = -1;                 ///< index of the most probable class; -1 if the image failed
    std::string error;                  ///< why the image could not be classified, else empty
    /// The image as the model saw it (decoded and resized to the run's input); explain() only.
    RgbImage input;
    /// Grad-CAM for the explained class; explain() only, empty otherwise.
    Heatmap heatmap;
};

/// Classifies single images with a run's model, decoded and preprocessed exactly as in training.
/// Loads the run once; predict() may be called many times. Not thread-safe.
class Predictor {
public:
    /// Throws tl::Error when the folder is not a run with a checkpoint.
    explicit Predictor(const std::filesystem::path& runFolder, CheckpointChoice checkpoint = CheckpointChoice::Best);
    ~Predictor();

    const std::vector<std::string>& classes() const;
    /// The run's backbone and the pretrained weights its base descends from ("random",
    /// "imagenet" or a file; see originalWeights): what an ImageNet classifier beside the run's
    /// own is built from.
    const std::string& backbone() const;
    std::string pretrainedWeights() const;
    /// The run's folder and the checkpoint its weights came from.
    const std::filesystem::path& runFolder() const;
    std::filesystem::path checkpoint() const;
    /// Never throws for a bad image: the Prediction carries the error instead.
    Prediction predict(const std::filesystem::path& image);

    /// Layers a heatmap can be drawn from (base layers with a spatial output), in order.
    std::vector<std::string> camLayers() const;
    /// The last convolution of the base: what explain() uses when given no layer.
    std::string defaultCamLayer() const;
    /// predict() plus the image the model saw and a Grad-CAM heatmap at `layer` ("": the default)
    /// for `forClass` (-1: the predicted class). A bad image or an unknown layer gives an error
    /// in the Prediction, never an exception.
    Prediction explain(const std::filesystem::path& image, const std::string& layer = "", int forClass = -1);

    /// `layer`'s feature maps ("": the default heatmap layer) for the image, up to `maxChannels`
    /// of them, most active first. Throws tl::Error for a bad image or an unknown layer.
    FeatureMaps featureMaps(const std::filesystem::path& image, const std::string& layer = "", int maxChannels = 64);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tl
