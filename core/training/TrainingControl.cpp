#include "core/training/TrainingControl.h"

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
    wake_.wait(lock, [this] { return !paused_ || stop_; });
    return !stop_;
}

}  // namespace tl
