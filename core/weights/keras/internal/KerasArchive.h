#pragma once
// Internal: includes torch. The layers and weights of a Keras 2 `save_weights` HDF5 file.
#include <torch/torch.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/weights/keras/internal/Hdf5File.h"

namespace tl::internal {

/// One weight of a Keras layer, in the order of the layer's `weight_names`.
struct KerasWeight {
    std::string name;                 ///< as listed: "block1_conv1_W_1:0", "block1_conv1/kernel:0"
    std::string dataset;              ///< HDF5 path of its dataset
    std::vector<std::int64_t> shape;  ///< Keras layout: conv (kh, kw, in, out), dense (in, out)
};

/// A Keras layer that has weights.
struct KerasLayerWeights {
    std::string name;
    std::vector<KerasWeight> weights;
};

/// A Keras 2 weights file: the root (or a `model_weights` group, as model.save() writes) carries
/// attribute `layer_names`; each layer's group carries `weight_names`; each weight's dataset sits
/// at `<layer>/<weight name>`. Opening lists layers and shapes without reading any values.
/// Throws tl::Error naming the file for a file that is not HDF5, not in this layout, or damaged.
class KerasArchive {
public:
    explicit KerasArchive(const std::filesystem::path& file);

    /// Layers with at least one weight, in the file's `layer_names` order.
    const std::vector<KerasLayerWeights>& layers() const { return layers_; }

    /// The weight's values as a float32 tensor of weight.shape (Keras layout).
    torch::Tensor read(const KerasWeight& weight) const;

private:
    Hdf5File file_;
    std::vector<KerasLayerWeights> layers_;
};

}  // namespace tl::internal
