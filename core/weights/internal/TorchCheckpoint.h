#pragma once
// Internal: includes torch. Reads torch.save files without running any of their code.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/weights/internal/StateDictExtractor.h"

namespace tl::internal {

/// One tensor of a weights file under its state-dict name, read into memory.
struct NamedTensor {
    std::string name;
    torch::Tensor tensor;
};

/// An open torch.save file in either container: the zip format (torch >= 1.6:
/// <archive>/data.pkl + <archive>/data/<key>) or the legacy one (magic-number, protocol and
/// system-info pickles, the state-dict pickle, the list of storage keys, then per key an int64
/// element count and the raw little-endian elements). Opening parses the pickles through
/// RestrictedUnpickler and lists the state dict's tensors with their shapes; tensor bytes are read
/// only by read(), so a file can be matched against a model before anything is copied.
/// Throws tl::Error naming the file for a refused global, a damaged or truncated file, or a file
/// in neither format.
class TorchCheckpoint {
public:
    explicit TorchCheckpoint(const std::filesystem::path& file);
    ~TorchCheckpoint();
    TorchCheckpoint(const TorchCheckpoint&) = delete;
    TorchCheckpoint& operator=(const TorchCheckpoint&) = delete;

    /// The state dict's tensors in file order.
    const std::vector<TensorEntry>& entries() const { return entries_; }
    std::vector<std::int64_t> sizes(const TensorEntry& entry) const;

    /// Reads one tensor into memory it owns. Throws tl::Error if its storage is missing or short.
    torch::Tensor read(const TensorEntry& entry);

private:
    struct Container;
    std::string source_;
    std::unique_ptr<Container> container_;
    PickleDocument doc_;
    std::vector<TensorEntry> entries_;

    void openZip(const std::filesystem::path& file);
    void openLegacy(const std::filesystem::path& file);
};

/// Every tensor of `file` (see TorchCheckpoint), read into memory.
std::vector<NamedTensor> readTorchCheckpoint(const std::filesystem::path& file);

/// True when `file` starts like a zip archive (the container of torch.save since 1.6).
bool looksLikeZip(const std::filesystem::path& file);

}  // namespace tl::internal
