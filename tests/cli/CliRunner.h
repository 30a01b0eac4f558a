#pragma once
#include <string>
#include <vector>

namespace tl::test {

/// What one run of transferlab-cli printed and returned.
struct CliResult {
    int exitCode = -1;
    std::string out;
    std::string err;

    /// The last line of stdout: in --json mode, the command's result object.
    std::string lastLine() const;
};

/// Runs the built transferlab-cli with `arguments` (each passed as one word), waits for it.
CliResult runCli(const std::vector<std::string>& arguments);

}  // namespace tl::test
