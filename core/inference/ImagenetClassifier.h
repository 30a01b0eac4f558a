#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/data/Preprocessing.h"
#include "core/data/RgbImage.h"
#include "core/weights/WeightsFile.h"

namespace tl {

/// One ImageNet class and how probable the classifier finds it.
struct ClassScore {
    int index = -1;     ///< 0..999, in the classifiers' output order (mini_vgg: 0..59)
    std::string label;  ///< its name from imagenetLabels(), e.g. "tabby" (mini_vgg: lessonSourceClassifierLabels())
    double probability = 0.0;
};

/// What a pretrained network sees in one image.
struct ImagenetPrediction {
    std::filesystem::path image;
    std::vector<ClassScore> top;  ///< most probable first
    std::string error;            ///< why the image could not be classified, else empty
};

/// How to build the classifier. Only `backbone` is needed; the rest follows the weights.
struct ImagenetClassifierOptions {
    std::string backbone = "vgg16";
    /// "imagenet" (the published file with the top, found offline as loadImagenetWeights() does)
    /// or the path of a weights file holding the classifier (torchvision's .pth, Keras' .h5).
    std::string weights = "imagenet";
    /// Default: what the weights were trained with (WeightsReport::suggested).
    std::optional<Preprocessing> preprocessing;
    /// Default: imagenetInputSize(backbone).
    std::optional<ImageSize> input;
};

/// The input size a backbone's ImageNet classifier was trained at: 299x299 for inception_v3
/// and xception, 48x48 for mini_vgg (its source classifier), 224x224 for the others.
ImageSize imagenetInputSize(const std::string& backbone);

/// A backbone with its own ImageNet classifier and pretrained weights, top included: the
/// network as published, before any transfer learning. Answers "what does the pretrained
/// network see in this image?" with named ImageNet classes. Loads the weights once; classify()
/// may be called many times. Not thread-safe. mini_vgg, the lesson's backbone, has no ImageNet
/// classifier: with the lesson's weights file it answers with the 60 generated source classes
/// its pretraining learned, the lesson's stand-in for ImageNet's.
class ImagenetClassifier {
public:
    /// Throws tl::Error for a backbone without an ImageNet classifier, weights that are not on
    /// this machine (with the URL and the folder to put them in), a file without the classifier
    /// or for another architecture, or a missing labels file.
    explicit ImagenetClassifier(const ImagenetClassifierOptions& options);
    ~ImagenetClassifier();
    ImagenetClassifier(ImagenetClassifier&&) noexcept;
    ImagenetClassifier& operator=(ImagenetClassifier&&) noexcept;

    const WeightsReport& weights() const;
    Preprocessing preprocessing() const;
    ImageSize input() const;

    /// The `count` most probable classes (1..1000) of the image, decoded and resized to input()
    /// as Keras' load_img(target_size) does. Never throws for a bad image: the prediction
    /// carries the error instead.
    ImagenetPrediction classify(const std::filesystem::path& image, int count = 5);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tl
