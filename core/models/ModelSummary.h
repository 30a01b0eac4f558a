#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tl {

/// One row of the Keras-style summary.
struct LayerSummary {
    std::string name;                       ///< stable human name, e.g. "block5_conv1", "layer4.1", "dense"
    std::vector<std::string> aliases;       ///< other names that select the layer, e.g. "features.24"
    std::string type;                       ///< "Conv2D", "MaxPooling2D", "BasicBlock", "Dense", ...
    std::vector<std::int64_t> outputShape;  ///< without the batch dimension, channels first (C, H, W)
    std::int64_t parameters = 0;
    bool trainable = true;  ///< false when every parameter of the layer is frozen
    bool inBase = true;     ///< part of the convolutional base (false: the head)
    /// Of `parameters`, BatchNorm's running statistics, which Keras counts as parameters but
    /// which never train, whatever the layer's trainability.
    std::int64_t statistics = 0;
};

struct ModelSummary {
    std::vector<LayerSummary> layers;
    std::int64_t totalParameters = 0;
    std::int64_t trainableParameters = 0;
    std::int64_t nonTrainableParameters = 0;

    /// The table Keras' model.summary() prints, plus a "Trainable" column, then the totals
    /// ("Total params: 16,812,353" ...).
    std::string format() const;
};

}  // namespace tl
