#include "core/weights/internal/StateDictExtractor.h"

#include <cstring>
#include <set>

#include "core/util/Error.h"

namespace tl::internal {
namespace {

using Kind = PickleValue::Kind;

constexpr std::string_view kDataParallelPrefix = "module.";

const char* kindName(Kind kind) {
    switch (kind) {
        case Kind::None:
            return "None";
        case Kind::Bool:
            return "a boolean";
        case Kind::Int:
        case Kind::BigInt:
            return "an integer";
        case Kind::Float:
            return "a number";
        case Kind::String:
            return "a string";
        case Kind::Bytes:
            return "bytes";
        case Kind::List:
            return "a list";
        case Kind::Tuple:
            return "a tuple";
        case Kind::Dict:
            return "a dict";
        case Kind::Global:
            return "a class";
        case Kind::Storage:
            return "a storage";
        case Kind::Tensor:
            return "a single tensor";
    }
    return "something else";
}

/// The dict that holds the weights: a checkpoint's "state_dict" or "model" entry, else the root.
const PickleValue& stateDictOf(const PickleDocument& doc, const std::string& source) {
    if (!doc.root.is(Kind::Dict)) {
        throw Error(source + " holds " + kindName(doc.root.kind) + ", not a state dict of tensors");
    }
    for (const char* key : {"state_dict", "model"}) {
        const auto* inner = doc.find(doc.root, key);
        if (inner != nullptr && inner->is(Kind::Dict)) return *inner;
    }
    return doc.root;
}

}  // namespace

torch::ScalarType scalarType(StorageType type) {
    switch (type) {
        case StorageType::Float32:
            return torch::kFloat32;
        case StorageType::Float64:
            return torch::kFloat64;
        case StorageType::Float16:
            return torch::kFloat16;
        case StorageType::BFloat16:
            return torch::kBFloat16;
        case StorageType::Int64:
            return torch::kInt64;
        case StorageType::Int32:
            return torch::kInt32;
        case StorageType::Int16:
            return torch::kInt16;
        case StorageType::Int8:
            return torch::kInt8;
        case StorageType::UInt8:
            return torch::kUInt8;
        case StorageType::Bool:
            return torch::kBool;
    }
    return torch::kFloat32;
}

torch::Tensor materialize(const PickleDocument& doc, const TensorRecord& record, const std::string& source,
                          std::string_view bytes) {
    const auto& storage = doc.storages[record.storage];
    const auto type = scalarType(storage.type);
    if (record.extent == 0) return torch::empty(record.sizes, torch::TensorOptions().dtype(type));
    const auto size = static_cast<std::int64_t>(elementSize(storage.type));
    std::int64_t first = 0;
    std::int64_t needed = 0;
    if (__builtin_mul_overflow(storage.elementOffset, size, &first) ||
        __builtin_mul_overflow(record.extent, size, &needed) ||
        static_cast<std::uint64_t>(first) + static_cast<std::uint64_t>(needed) > bytes.size()) {
        throw Error(source + " is damaged or truncated: storage '" + storage.key + "' holds " +
                    std::to_string(bytes.size()) + " bytes, a tensor needs " +
                    std::to_string((storage.elementOffset + record.extent) * size));
    }
    // Copy into aligned memory first: raw storages in a legacy file start at any byte.
    auto flat = torch::empty({record.extent}, torch::TensorOptions().dtype(type));
    std::memcpy(flat.data_ptr(), bytes.data() + first, static_cast<std::size_t>(needed));
    auto view = flat.as_strided(record.sizes, record.strides, record.storageOffset);
    return view.is_contiguous() && view.numel() == record.extent ? view : view.clone(at::MemoryFormat::Contiguous);
}

std::vector<TensorEntry> listStateDict(const PickleDocument& doc, const std::string& source) {
    const auto& dict = stateDictOf(doc, source);
    std::vector<TensorEntry> entries;
    std::set<std::string> seen;
    for (const auto& [key, value] : doc.dicts[dict.index]) {
        if (!key.is(Kind::String) || !value.is(Kind::Tensor)) continue;
        std::string name = key.text();
        // (compare, not C++20's starts_with: the fuzz build compiles this file as C++17, see tests/fuzz)
        while (name.compare(0, kDataParallelPrefix.size(), kDataParallelPrefix) == 0) {
            name.erase(0, kDataParallelPrefix.size());
        }
        if (!seen.insert(name).second) throw Error(source + " holds two tensors named '" + name + "'");
        entries.push_back({std::move(name), value.index});
    }
    if (entries.empty()) throw Error(source + " holds no tensors: it is not a weights file");
    return entries;
}

}  // namespace tl::internal
