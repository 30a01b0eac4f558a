#pragma once
// Internal, torch-free: the value tree RestrictedUnpickler produces from a torch.save pickle.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tl::internal {

/// Element types of the torch storage classes a weights file may name (torch.FloatStorage, ...).
enum class StorageType { Float32, Float64, Float16, BFloat16, Int64, Int32, Int16, Int8, UInt8, Bool };

/// Bytes per element of `type`.
std::size_t elementSize(StorageType type);

/// A storage a tensor points into: the persistent id of torch.save, resolved by the container
/// (zip record "data/<key>", or the legacy format's raw section for <key>). Counts are elements.
struct StorageRef {
    std::string key;
    StorageType type = StorageType::Float32;
    std::int64_t numel = 0;          ///< elements the pickle announces for this storage (or view)
    std::int64_t elementOffset = 0;  ///< legacy storage views: where the view starts in `key`
};

/// A strided view of a storage, as torch._utils._rebuild_tensor_v2 would build it. Sizes,
/// strides and offset are non-negative and `extent` did not overflow; whether the storage's bytes
/// cover the extent is checked when they are read.
struct TensorRecord {
    std::size_t storage = 0;         ///< index into PickleDocument::storages
    std::int64_t storageOffset = 0;  ///< elements, from the start of the storage (view)
    std::vector<std::int64_t> sizes;
    std::vector<std::int64_t> strides;
    /// Elements of the storage (view) the tensor reaches: 1 + offset + sum((size-1) * stride),
    /// or 0 for a tensor without elements.
    std::int64_t extent = 0;
};

/// One pickled value. Containers, storages and tensors live in the PickleDocument and are named
/// here by index, so a value tree never owns another one: a hostile pickle may build cycles or
/// deep nests, and neither can overflow the stack when the document is destroyed.
struct PickleValue {
    enum class Kind { None, Bool, Int, BigInt, Float, String, Bytes, List, Tuple, Dict, Global, Storage, Tensor };

    Kind kind = Kind::None;
    std::int64_t integer = 0;  ///< Bool (0/1), Int
    double real = 0.0;         ///< Float
    /// String (UTF-8 as stored), Bytes, BigInt (little-endian two's complement), Global
    /// ("module.name"). Shared, never copied: DUP and memo reads copy the value, and a pickle
    /// of one long string read back thousands of times must not hold thousands of copies.
    std::shared_ptr<const std::string> shared;
    const std::string& text() const {
        static const std::string kEmpty;
        return shared ? *shared : kEmpty;
    }
    /// List, Tuple: PickleDocument::sequences; Dict: ::dicts; Storage: ::storages; Tensor: ::tensors.
    std::size_t index = 0;

    bool is(Kind k) const { return kind == k; }

    /// Bool or Int `number`.
    static PickleValue makeScalar(Kind kind, std::int64_t number);
    /// String, Bytes, BigInt or Global holding `text`.
    static PickleValue makeText(Kind kind, std::string_view text);
    /// A pickled int: little-endian two's complement of any length. Up to 8 bytes an Int, longer
    /// ones (the legacy format's magic number) a BigInt holding the bytes.
    static PickleValue makeInteger(std::string_view littleEndian);
};

/// Everything one pickle held; `root` is what it returned.
struct PickleDocument {
    using Entries = std::vector<std::pair<PickleValue, PickleValue>>;

    PickleValue root;
    std::vector<std::vector<PickleValue>> sequences;
    std::vector<Entries> dicts;  ///< insertion order; a key set twice appears twice, the last one wins
    std::vector<StorageRef> storages;
    std::vector<TensorRecord> tensors;

    /// The value under string key `key` of dict `dict` (the last one set), or nullptr when `dict`
    /// is not a dict or has no such key.
    const PickleValue* find(const PickleValue& dict, std::string_view key) const {
        if (!dict.is(PickleValue::Kind::Dict)) return nullptr;
        const PickleValue* found = nullptr;
        for (const auto& [k, v] : dicts[dict.index]) {
            if (k.is(PickleValue::Kind::String) && k.text() == key) found = &v;
        }
        return found;
    }
};

}  // namespace tl::internal
