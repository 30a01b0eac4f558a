#pragma once

namespace tl::cli {

/// While alive, the first Ctrl-C (SIGINT) or SIGTERM only raises a flag, so a run can stop
/// cleanly at the next batch and keep what it measured; a second Ctrl-C ends the program at once.
/// One at a time per process.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    static bool interrupted();
};

}  // namespace tl::cli
