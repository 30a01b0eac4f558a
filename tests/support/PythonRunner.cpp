#include "support/PythonRunner.h"

#include <array>
#include <cstdio>

namespace tl::test {

bool havePython() {
    return !std::string(TRANSFERLAB_PYTHON).empty();
}

std::optional<std::string> runPython(const std::string& arguments) {
    if (!havePython()) return std::nullopt;
    const auto command = std::string("'") + TRANSFERLAB_PYTHON + "' " + arguments;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return std::nullopt;
    std::string output;
    std::array<char, 4096> buffer{};
    while (const auto count = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), count);
    if (pclose(pipe) != 0) return std::nullopt;
    return output;
}

}  // namespace tl::test
