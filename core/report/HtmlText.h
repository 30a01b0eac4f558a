#pragma once
#include <string>
#include <string_view>

namespace tl {

/// `text` with &, <, >, " and ' as HTML entities: safe inside elements and quoted attributes.
std::string htmlEscaped(std::string_view text);

/// RFC 4648 base64 of `bytes` (for data: URLs of embedded images).
std::string base64(std::string_view bytes);

}  // namespace tl
