#pragma once
#include <functional>
#include <string>

#include "core/util/Error.h"

namespace tl::test {

/// The message of the tl::Error `action` throws; "" when it throws none.
inline std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace tl::test
