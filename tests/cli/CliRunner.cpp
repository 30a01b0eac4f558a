#include "cli/CliRunner.h"

#include <sys/wait.h>

#include <cstdlib>

#include "support/TempDir.h"
#include "support/TestImages.h"

namespace tl::test {
namespace {

std::string quoted(const std::string& word) {
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

std::string CliResult::lastLine() const {
    const auto end = out.find_last_not_of('\n');
    if (end == std::string::npos) return {};
    const auto start = out.rfind('\n', end);
    return out.substr(start == std::string::npos ? 0 : start + 1,
                      end - (start == std::string::npos ? 0 : start + 1) + 1);
}

CliResult runCli(const std::vector<std::string>& arguments) {
    TempDir capture;
    std::string command = quoted(TRANSFERLAB_CLI);
    for (const auto& argument : arguments) command += " " + quoted(argument);
    command += " >" + quoted((capture / "out").string()) + " 2>" + quoted((capture / "err").string()) + " </dev/null";
    const int status = std::system(command.c_str());
    CliResult result;
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = readBytes(capture / "out");
    result.err = readBytes(capture / "err");
    return result;
}

}  // namespace tl::test
