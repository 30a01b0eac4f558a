#include "core/util/UserMessage.h"

#include <c10/util/Exception.h>

namespace tl {

std::string userMessage(std::string_view text) {
    return std::string(text.substr(0, text.find('\n')));
}

std::string userMessage(const std::exception& error) {
    if (const auto* torchError = dynamic_cast<const c10::Error*>(&error)) {
        return userMessage(std::string_view(torchError->what_without_backtrace()));
    }
    return userMessage(std::string_view(error.what()));
}

}  // namespace tl
