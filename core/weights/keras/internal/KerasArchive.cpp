#include "core/weights/keras/internal/KerasArchive.h"

#include "core/util/Error.h"

namespace tl::internal {
namespace {

constexpr const char* kLayerNames = "layer_names";
constexpr const char* kWeightNames = "weight_names";

/// Where `layer_names` lives: the root for save_weights(), "model_weights" for model.save().
std::string findRoot(const Hdf5File& file) {
    if (file.hasAttribute("/", kLayerNames)) return "/";
    if (file.hasGroup("/model_weights") && file.hasAttribute("/model_weights", kLayerNames)) return "/model_weights/";
    throw Error(file.path().string() +
                " is an HDF5 file but not Keras 2 weights (no layer_names attribute at its root or in "
                "model_weights)");
}

}  // namespace

KerasArchive::KerasArchive(const std::filesystem::path& file) : file_(file) {
    const auto root = findRoot(file_);
    for (const auto& layer : file_.stringListAttribute(root, kLayerNames)) {
        const auto group = root + layer;
        if (!file_.hasGroup(group)) throw Error(file.string() + ": layer " + layer + " is listed but has no group");
        KerasLayerWeights entry{layer, {}};
        for (const auto& weight : file_.stringListAttribute(group, kWeightNames)) {
            const auto dataset = group + "/" + weight;
            entry.weights.push_back({weight, dataset, file_.datasetShape(dataset)});
        }
        if (!entry.weights.empty()) layers_.push_back(std::move(entry));
    }
}

torch::Tensor KerasArchive::read(const KerasWeight& weight) const {
    auto values = file_.readFloats(weight.dataset);
    return torch::from_blob(values.data(), weight.shape, torch::kFloat32).clone();
}

}  // namespace tl::internal
