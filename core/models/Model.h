#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/models/FreezePlan.h"
#include "core/models/ModelSpec.h"
#include "core/models/ModelSummary.h"

namespace tl {
namespace internal {
class NetworkImpl;
}

/// A built model (base + head) seen through plain C++: summary, layer names, freezing,
/// checkpoints. Training code reaches the torch module through network() (internal).
/// Not thread-safe: use one Model from one thread at a time.
class Model {
public:
    /// Builds the architecture with freshly initialised weights. Throws tl::Error for an unknown
    /// backbone (listing the known ones) or an input size too small for the backbone.
    explicit Model(const ModelSpec& spec);
    ~Model();
    Model(Model&&) noexcept;
    Model& operator=(Model&&) noexcept;

    const ModelSpec& spec() const;

    /// Output shapes at spec().input, parameter counts and current trainability.
    ModelSummary summary() const;

    /// Names of every layer in order, base first, then head.
    std::vector<std::string> layerNames() const;

    /// Resets every layer to trainable, then applies `plan`. Throws tl::Error naming an unknown
    /// layer; the model is left unchanged in that case.
    void applyFreeze(const FreezePlan& plan);

    /// Shape of the base's output (C, H, W) at spec().input.
    std::vector<std::int64_t> baseOutputShape() const;

    /// Saves / loads every parameter and buffer (torch archive), atomically on save.
    /// load() throws tl::Error when the file does not match this architecture.
    void save(const std::filesystem::path& file) const;
    void load(const std::filesystem::path& file);

    internal::NetworkImpl& network();
    const internal::NetworkImpl& network() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tl
