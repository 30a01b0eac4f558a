#pragma once
// Internal: includes torch. Finds the state dict in an unpickled torch.save document and copies
// its tensors out of their storages.
#include <torch/torch.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/weights/internal/PickleValue.h"

namespace tl::internal {

/// A tensor of a weights file, known by name and shape before any of its bytes are read.
struct TensorEntry {
    std::string name;        ///< state-dict name, "module." prefixes stripped
    std::size_t record = 0;  ///< index into the document's tensors
};

/// The state dict in `doc`: the root dict, or its "state_dict" / "model" entry when the root is a
/// training checkpoint. Entries that are not tensors are skipped; a leading "module." (left by
/// DataParallel) is stripped from each name. Throws tl::Error naming `source` when there is no
/// dict of tensors or two tensors end up with one name.
std::vector<TensorEntry> listStateDict(const PickleDocument& doc, const std::string& source);

/// Copies tensor `record` out of `storageBytes`, the raw little-endian bytes of its whole root
/// storage; the result owns its memory. Throws tl::Error naming `source` when the storage is
/// shorter than the tensor needs.
torch::Tensor materialize(const PickleDocument& doc, const TensorRecord& record, const std::string& source,
                          std::string_view storageBytes);

/// torch's element type for a storage class.
torch::ScalarType scalarType(StorageType type);

}  // namespace tl::internal
