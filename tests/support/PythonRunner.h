#pragma once
// Runs Debian's Python (the interpreter with python3-torch found at configure time) for reference checks.
#include <optional>
#include <string>

namespace tl::test {

/// True when configure found Debian's Python (it may still lack torch: the script says so).
bool havePython();

/// Runs Debian's Python with `arguments` (a shell fragment: quote paths). Its stdout (stderr goes
/// to the test's log), or nullopt when it cannot start or exits non-zero.
std::optional<std::string> runPython(const std::string& arguments);

}  // namespace tl::test
