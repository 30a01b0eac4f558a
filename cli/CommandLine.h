#pragma once

namespace tl::cli {

/// Entry point of transferlab-cli: parses argv, runs one command, returns the exit code
/// (0 success, 1 failure, 2 usage error). Errors are one line on stderr naming the problem.
int run(int argc, char** argv);

}  // namespace tl::cli
