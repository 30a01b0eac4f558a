#include "core/weights/internal/PickleGlobals.h"

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace tl::internal {
namespace {

using Kind = PickleValue::Kind;

constexpr std::string_view kOrderedDict = "collections.OrderedDict";
constexpr std::string_view kRebuildTensorV2 = "torch._utils._rebuild_tensor_v2";
constexpr std::string_view kRebuildTensor = "torch._utils._rebuild_tensor";
constexpr std::string_view kRebuildParameter = "torch._utils._rebuild_parameter";
// LibTorch's torch::pickle_save tags a typed dict with its type ("Dict[str, Tensor]"); Python's
// torch.load returns the value unchanged, and so does this reader.
constexpr std::string_view kRestoreTypeTag = "torch.jit._pickle.restore_type_tag";

/// Tensors in weights files have few dimensions; the cap keeps hostile shapes cheap to check.
constexpr std::size_t kMaxDimensions = 32;

constexpr std::array<std::pair<std::string_view, StorageType>, 10> kStorageClasses{{
    {"torch.FloatStorage", StorageType::Float32},
    {"torch.DoubleStorage", StorageType::Float64},
    {"torch.HalfStorage", StorageType::Float16},
    {"torch.BFloat16Storage", StorageType::BFloat16},
    {"torch.LongStorage", StorageType::Int64},
    {"torch.IntStorage", StorageType::Int32},
    {"torch.ShortStorage", StorageType::Int16},
    {"torch.CharStorage", StorageType::Int8},
    {"torch.ByteStorage", StorageType::UInt8},
    {"torch.BoolStorage", StorageType::Bool},
}};

/// The element type of a storage class. Old files saved from a GPU name torch.cuda.<Type>Storage;
/// their bytes are the same, and they load onto the CPU.
std::optional<StorageType> storageClass(std::string_view qualified) {
    std::string name(qualified);
    if (name.starts_with("torch.cuda.")) name.erase(6, 5);
    for (const auto& [known, type] : kStorageClasses) {
        if (known == name) return type;
    }
    return std::nullopt;
}

[[noreturn]] void malformed(const std::string& what) {
    throw std::invalid_argument(what);
}

std::int64_t nonNegative(const PickleValue& value, const char* what) {
    if (!value.is(Kind::Int) || value.integer < 0) malformed(std::string(what) + " is not a non-negative integer");
    return value.integer;
}

std::vector<std::int64_t> dimensions(const PickleDocument& doc, const PickleValue& value, const char* what) {
    if (!value.is(Kind::Tuple)) malformed(std::string("a tensor's ") + what + " is not a tuple");
    const auto& items = doc.sequences[value.index];
    if (items.size() > kMaxDimensions) malformed(std::string("a tensor has too many ") + what);
    std::vector<std::int64_t> result;
    result.reserve(items.size());
    for (const auto& item : items) result.push_back(nonNegative(item, what));
    return result;
}

/// torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])
/// and the legacy _rebuild_tensor(storage, offset, size, stride).
PickleValue rebuildTensor(PickleDocument& doc, const std::vector<PickleValue>& args, bool legacy) {
    if (legacy ? args.size() != 4 : (args.size() < 6 || args.size() > 7)) {
        malformed("a tensor is rebuilt with " + std::to_string(args.size()) + " arguments");
    }
    if (!args[0].is(Kind::Storage)) malformed("a tensor is rebuilt from something that is not a storage");
    TensorRecord record;
    record.storage = args[0].index;
    record.storageOffset = nonNegative(args[1], "a storage offset");
    record.sizes = dimensions(doc, args[2], "sizes");
    record.strides = dimensions(doc, args[3], "strides");
    if (record.sizes.size() != record.strides.size()) malformed("a tensor has as many strides as sizes");
    bool empty = false;
    std::int64_t last = record.storageOffset;  // index of the last element reached
    for (std::size_t d = 0; d < record.sizes.size(); ++d) {
        if (record.sizes[d] == 0) empty = true;
        std::int64_t span = 0;
        if (record.sizes[d] > 0 && (__builtin_mul_overflow(record.sizes[d] - 1, record.strides[d], &span) ||
                                    __builtin_add_overflow(last, span, &last))) {
            malformed("a tensor's shape overflows");
        }
    }
    record.extent = empty ? 0 : last + 1;
    const auto& storage = doc.storages[record.storage];
    if (record.extent > storage.numel) {
        malformed("a tensor reaches element " + std::to_string(record.extent - 1) + " of storage '" + storage.key +
                  "', which holds " + std::to_string(storage.numel));
    }
    PickleValue value;
    value.kind = Kind::Tensor;
    value.index = doc.tensors.size();
    doc.tensors.push_back(std::move(record));
    return value;
}

}  // namespace

bool isAllowedGlobal(std::string_view qualified) {
    return qualified == kOrderedDict || qualified == kRebuildTensorV2 || qualified == kRebuildTensor ||
           qualified == kRebuildParameter || qualified == kRestoreTypeTag || storageClass(qualified).has_value();
}

PickleValue recordCall(PickleDocument& doc, std::string_view qualified, const std::vector<PickleValue>& args) {
    if (qualified == kOrderedDict) {
        if (!args.empty()) malformed("OrderedDict is called with arguments");
        PickleValue dict;
        dict.kind = Kind::Dict;
        dict.index = doc.dicts.size();
        doc.dicts.emplace_back();
        return dict;
    }
    if (qualified == kRebuildTensorV2 || qualified == kRebuildTensor) {
        return rebuildTensor(doc, args, qualified == kRebuildTensor);
    }
    if (qualified == kRebuildParameter) {
        // (data, requires_grad, backward_hooks): a Parameter is its tensor to a state dict.
        if (args.size() != 3 || !args[0].is(Kind::Tensor)) malformed("a parameter is rebuilt from something odd");
        return args[0];
    }
    if (qualified == kRestoreTypeTag) {
        if (args.size() != 2 || !args[1].is(Kind::String)) malformed("a type tag is applied to something odd");
        return args[0];
    }
    malformed(std::string(qualified) + " is called directly, which torch.save never does");
}

PickleValue recordStorage(PickleDocument& doc, const PickleValue& id) {
    if (!id.is(Kind::Tuple)) malformed("a persistent id is not a tuple");
    const auto items = doc.sequences[id.index];
    if (items.empty() || !items[0].is(Kind::String) || items[0].text() != "storage") {
        malformed("a persistent id other than a storage (a pickled module, perhaps)");
    }
    if (items.size() != 5 && items.size() != 6)
        malformed("a storage id has " + std::to_string(items.size()) + " fields");
    const auto type = items[1].is(Kind::Global) ? storageClass(items[1].text()) : std::nullopt;
    if (!type) malformed("a storage id names no storage class");
    if (!items[2].is(Kind::String) || !items[3].is(Kind::String))
        malformed("a storage id's key or location is not a string");
    StorageRef storage;
    storage.key = items[2].text();
    storage.type = *type;
    storage.numel = nonNegative(items[4], "a storage size");
    // Legacy files may name a view of a storage: (view key, offset, size), all in elements.
    if (items.size() == 6 && !items[5].is(Kind::None)) {
        if (!items[5].is(Kind::Tuple) || doc.sequences[items[5].index].size() != 3)
            malformed("a storage view is malformed");
        const auto view = doc.sequences[items[5].index];
        storage.elementOffset = nonNegative(view[1], "a storage view offset");
        const auto size = nonNegative(view[2], "a storage view size");
        if (storage.elementOffset > storage.numel || size > storage.numel - storage.elementOffset) {
            malformed("a storage view lies outside its storage");
        }
        storage.numel = size;
    }
    PickleValue value;
    value.kind = Kind::Storage;
    value.index = doc.storages.size();
    doc.storages.push_back(std::move(storage));
    return value;
}

}  // namespace tl::internal
