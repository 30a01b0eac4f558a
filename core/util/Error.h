#pragma once
#include <stdexcept>
#include <string>

namespace tl {

/// The one exception type core throws for bad input or a failed operation. what() is a single
/// line meant for the user: it names the file, field or layer at fault and, where it can, the fix.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace tl
