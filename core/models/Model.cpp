#include "core/models/Model.h"

#include <memory>

#include "core/models/internal/ArchiveFile.h"
#include "core/models/internal/Network.h"
#include "core/util/Error.h"
#include "core/util/UserMessage.h"

namespace tl {
namespace {

// Archive keys: the backbone's name, then every parameter and buffer under its full module path.
constexpr const char* kBackboneKey = "transferlab_backbone";

/// Every parameter and buffer of `network` with its archive key and whether it is a buffer.
struct NamedTensor {
    std::string key;
    torch::Tensor tensor;
    bool isBuffer;
};

std::vector<NamedTensor> namedTensors(internal::NetworkImpl& network) {
    std::vector<NamedTensor> tensors;
    for (const auto& item : network.named_parameters()) tensors.push_back({item.key(), item.value(), false});
    for (const auto& item : network.named_buffers()) tensors.push_back({item.key(), item.value(), true});
    return tensors;
}

std::string shapeText(const torch::Tensor& tensor) {
    std::string text = "[";
    for (std::int64_t i = 0; i < tensor.dim(); ++i) text += (i ? ", " : "") + std::to_string(tensor.size(i));
    return text + "]";
}

}  // namespace

struct Model::Impl {
    ModelSpec spec;
    internal::Network network;
};

Model::Model(const ModelSpec& spec) : impl_(std::make_unique<Impl>(Impl{spec, internal::Network(spec)})) {}
Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

const ModelSpec& Model::spec() const {
    return impl_->spec;
}

ModelSummary Model::summary() const {
    return impl_->network->summarize();
}

std::vector<std::string> Model::layerNames() const {
    std::vector<std::string> names;
    for (const auto& stage : impl_->network->baseStages()) names.push_back(stage.name);
    for (const auto& stage : impl_->network->headStages()) names.push_back(stage.name);
    return names;
}

void Model::applyFreeze(const FreezePlan& plan) {
    impl_->network->applyFreeze(plan);
}

std::vector<std::int64_t> Model::baseOutputShape() const {
    return impl_->network->baseOutputShape();
}

void Model::save(const std::filesystem::path& file) const {
    torch::serialize::OutputArchive archive;
    try {
        archive.write(kBackboneKey, c10::IValue(impl_->spec.backbone));
        for (const auto& named : namedTensors(*impl_->network)) archive.write(named.key, named.tensor, named.isBuffer);
    } catch (const c10::Error& error) {
        throw Error("cannot write model file " + file.string() + ": " + userMessage(error));
    }
    internal::writeArchiveAtomically(archive, file, "model file ");
}

void Model::load(const std::filesystem::path& file) {
    const auto name = file.string();
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(name);
    } catch (const c10::Error& error) {
        throw Error("cannot read model file " + name + ": " + userMessage(error));
    }
    c10::IValue backbone;
    if (!archive.try_read(kBackboneKey, backbone) || !backbone.isString()) {
        throw Error("model file " + name + " is not a Transfer Lab model checkpoint");
    }
    if (backbone.toStringRef() != impl_->spec.backbone) {
        throw Error("model file " + name + " holds a " + backbone.toStringRef() + " model, not " +
                    impl_->spec.backbone);
    }
    // Read and check everything first: a mismatching file leaves the model untouched.
    auto targets = namedTensors(*impl_->network);
    std::vector<torch::Tensor> values;
    for (const auto& target : targets) {
        torch::Tensor value;
        if (!archive.try_read(target.key, value, target.isBuffer)) {
            throw Error("model file " + name + " does not match this model: it lacks " + target.key);
        }
        if (!value.sizes().equals(target.tensor.sizes())) {
            throw Error("model file " + name + " does not match this model: " + target.key + " is " + shapeText(value) +
                        ", expected " + shapeText(target.tensor) + " (a different head or input size?)");
        }
        values.push_back(value);
    }
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < targets.size(); ++i) targets[i].tensor.copy_(values[i]);
}

internal::NetworkImpl& Model::network() {
    return *impl_->network;
}
const internal::NetworkImpl& Model::network() const {
    return *impl_->network;
}

}  // namespace tl
