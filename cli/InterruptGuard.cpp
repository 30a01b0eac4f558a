#include "cli/InterruptGuard.h"

#include <atomic>
#include <csignal>

namespace tl::cli {
namespace {

std::atomic<bool> gInterrupted{false};

extern "C" void onInterrupt(int signal) {
    gInterrupted = true;
    std::signal(signal, SIG_DFL);  // the next one ends the program
}

}  // namespace

InterruptGuard::InterruptGuard() {
    gInterrupted = false;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

InterruptGuard::~InterruptGuard() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

bool InterruptGuard::interrupted() {
    return gInterrupted.load();
}

}  // namespace tl::cli
