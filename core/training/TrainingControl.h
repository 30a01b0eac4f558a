#pragma once
#include <atomic>
#include <condition_variable>
#include <mutex>

namespace tl {

/// Lets another thread pause, resume or stop a run. The training thread calls checkpoint()
/// between batches, so a request takes effect within one batch. All members are thread-safe.
class TrainingControl {
public:
    void requestStop();
    void pause();
    void resume();

    bool stopRequested() const { return stop_.load(); }
    bool paused() const { return paused_.load(); }

    /// Training thread only: blocks while paused; returns false when the run must stop.
    bool checkpoint();

private:
    std::atomic<bool> stop_{false};
    std::atomic<bool> paused_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
};

}  // namespace tl
