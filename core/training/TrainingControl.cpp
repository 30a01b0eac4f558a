#include "core/training/TrainingControl.h"

#include <chrono>

namespace tl {

void TrainingControl::requestStop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
}

void TrainingControl::pause() {
    std::lock_guard lock(mutex_);
    paused_ = true;
}

void TrainingControl::resume() {
    {
        std::lock_guard lock(mutex_);
        paused_ = false;
    }
    wake_.notify_all();
}

bool TrainingControl::checkpoint() {
    std::unique_lock lock(mutex_);
    if (paused_ && !stop_) {
        const auto since = std::chrono::steady_clock::now();
        wake_.wait(lock, [this] { return !paused_ || stop_; });
        pausedNanoseconds_ +=
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - since).count();
    }
    return !stop_;
}

}  // namespace tl
