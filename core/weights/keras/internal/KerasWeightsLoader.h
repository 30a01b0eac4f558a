#pragma once
// Internal: the Keras side of loadWeights() (core/weights/WeightsFile.h).
#include <filesystem>
#include <string>

#include "core/data/Preprocessing.h"
#include "core/models/Model.h"
#include "core/weights/WeightsFile.h"

namespace tl::internal {

/// Loads a Keras 2 HDF5 weights file into `model`'s base with loadWeights()' contract: every
/// weight is matched (layer name, then order within the layer, then shape) before any is copied;
/// strict refuses with the full list of problems; non-strict loads what fits. Sets report.source
/// ("keras"), suggested, loaded and the problem lists; the caller fills file and sha256.
/// Throws tl::Error for a backbone Keras has no counterpart for, or a file that is not Keras 2
/// weights or is damaged.
void loadKerasWeights(Model& model, const std::filesystem::path& file, bool strict, bool includeTop,
                      WeightsReport& report);

/// The preprocessing keras.applications trains `backbone` with: caffe for VGG and ResNet50,
/// tf for MobileNet, InceptionV3 and Xception.
Preprocessing kerasPreprocessing(const std::string& backbone);

}  // namespace tl::internal
