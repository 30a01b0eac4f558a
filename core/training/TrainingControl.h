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
    /// Seconds checkpoint() has spent blocked while paused, over the control's life: what an
    /// ETA leaves out.
    double pausedSeconds() const { return static_cast<double>(pausedNanoseconds_.load()) * 1e-9; }

    /// Training thread only: blocks while paused; returns false when the run must stop.
    bool checkpoint();

private:
    std::atomic<bool> stop_{false};
    std::atomic<bool> paused_{false};
    std::atomic<long long> pausedNanoseconds_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
};

}  // namespace tl
