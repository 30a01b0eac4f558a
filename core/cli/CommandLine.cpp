#include "core/cli/CommandLine.h"

#include <iostream>

namespace tl::cli {

int run(int, char**) {
    std::cerr << "transferlab-cli: no command\n";
    return 2;
}

}  // namespace tl::cli
