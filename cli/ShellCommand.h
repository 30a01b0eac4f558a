#pragma once
#include <string>

namespace tl::cli {

/// `text` as one word for /bin/sh, in single quotes.
std::string shellQuoted(const std::string& text);

/// Runs `command` through /bin/sh and returns what it printed on stdout. Throws tl::Error naming
/// `what` and the exit status when it fails.
std::string captureOutput(const std::string& command, const std::string& what);

}  // namespace tl::cli
