#include "core/weights/internal/ByteCursor.h"

#include <stdexcept>

namespace tl::internal {

std::string_view ByteCursor::take(std::uint64_t count) {
    if (count > data_.size() - pos_) throw std::out_of_range("the data ends early");
    const auto bytes = data_.substr(pos_, static_cast<std::size_t>(count));
    pos_ += bytes.size();
    return bytes;
}

std::uint64_t ByteCursor::unsignedLe(std::size_t bytes) {
    const auto raw = take(bytes);
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < raw.size() && i < 8; ++i) {
        value |= static_cast<std::uint64_t>(static_cast<unsigned char>(raw[i])) << (8 * i);
    }
    return value;
}

std::string ByteCursor::line() {
    const auto end = data_.find('\n', pos_);
    if (end == std::string_view::npos) throw std::out_of_range("a line ends early");
    std::string text(data_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return text;
}

}  // namespace tl::internal
