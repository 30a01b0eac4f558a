#pragma once
// Internal, torch-free: bounds-checked reading of untrusted bytes.
#include <cstdint>
#include <string>
#include <string_view>

namespace tl::internal {

/// Reads `data` front to back. Every read checks that the bytes are there first and throws
/// std::out_of_range ("the data ends early") otherwise, so hostile lengths cannot read past the
/// end or allocate more than the data holds.
class ByteCursor {
public:
    explicit ByteCursor(std::string_view data) : data_(data) {}

    std::size_t position() const { return pos_; }
    std::string_view take(std::uint64_t count);
    std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
    /// An unsigned little-endian integer of `bytes` (at most 8) bytes.
    std::uint64_t unsignedLe(std::size_t bytes);
    /// The bytes up to the next '\n', which is consumed too.
    std::string line();

private:
    std::string_view data_;
    std::size_t pos_ = 0;
};

}  // namespace tl::internal
