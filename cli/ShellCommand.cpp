#include "cli/ShellCommand.h"

#include <cstdio>
#include <memory>

#include "core/util/Error.h"

namespace tl::cli {

std::string shellQuoted(const std::string& text) {
    std::string result = "'";
    for (char c : text) result += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return result + "'";
}

std::string captureOutput(const std::string& command, const std::string& what) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) throw Error("cannot run: " + command);
    std::string output;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) output += buffer;
    const int status = pclose(pipe.release());
    if (status != 0) throw Error(what + " failed (exit status " + std::to_string(status) + "): " + command);
    return output;
}

}  // namespace tl::cli
