#include "core/weights/internal/PickleValue.h"

namespace tl::internal {

std::size_t elementSize(StorageType type) {
    switch (type) {
        case StorageType::Float64:
        case StorageType::Int64:
            return 8;
        case StorageType::Float32:
        case StorageType::Int32:
            return 4;
        case StorageType::Float16:
        case StorageType::BFloat16:
        case StorageType::Int16:
            return 2;
        case StorageType::Int8:
        case StorageType::UInt8:
        case StorageType::Bool:
            return 1;
    }
    return 1;
}

PickleValue PickleValue::makeScalar(Kind kind, std::int64_t number) {
    PickleValue value;
    value.kind = kind;
    value.integer = number;
    return value;
}

PickleValue PickleValue::makeText(Kind kind, std::string_view text) {
    PickleValue value;
    value.kind = kind;
    value.shared = std::make_shared<const std::string>(text);
    return value;
}

PickleValue PickleValue::makeInteger(std::string_view littleEndian) {
    if (littleEndian.size() > 8) return makeText(Kind::BigInt, littleEndian);
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < littleEndian.size(); ++i) {
        bits |= static_cast<std::uint64_t>(static_cast<unsigned char>(littleEndian[i])) << (8 * i);
    }
    if (!littleEndian.empty() && littleEndian.size() < 8 && (littleEndian.back() & 0x80) != 0) {
        bits |= ~std::uint64_t{0} << (8 * littleEndian.size());  // sign-extend
    }
    return makeScalar(Kind::Int, static_cast<std::int64_t>(bits));
}

}  // namespace tl::internal
