#pragma once
#include <exception>
#include <string>
#include <string_view>

namespace tl {

/// The part of an error a user should read: its first line. LibTorch's errors (c10::Error) carry
/// a C++ backtrace and source locations after it; those are dropped here, for every front end.
std::string userMessage(const std::exception& error);
/// The same rule for a message already kept as text.
std::string userMessage(std::string_view text);

}  // namespace tl
