#pragma once
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <vector>

namespace tl::test {

/// Measures the event loop's latency: a timer asks for a tick every kIntervalMs, and how late
/// each tick arrives is recorded. What a user feels as a window that stutters.
class EventLoopProbe {
public:
    static constexpr int kIntervalMs = 10;

    EventLoopProbe() {
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(kIntervalMs);
        QObject::connect(&timer_, &QTimer::timeout, &timer_, [this] {
            const auto now = clock_.elapsed();
            latencies_.push_back(std::max<qint64>(0, now - due_));
            due_ = now + kIntervalMs;
        });
    }

    void start() {
        latencies_.clear();
        clock_.start();
        due_ = kIntervalMs;
        timer_.start();
    }
    void stop() { timer_.stop(); }

    std::size_t ticks() const { return latencies_.size(); }
    /// The latency below which `fraction` of the ticks arrived, in milliseconds.
    qint64 percentile(double fraction) const {
        if (latencies_.empty()) return 0;
        auto sorted = latencies_;
        std::sort(sorted.begin(), sorted.end());
        const auto index = std::min(sorted.size() - 1, static_cast<std::size_t>(fraction * sorted.size()));
        return sorted[index];
    }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 due_ = 0;
    std::vector<qint64> latencies_;
};

}  // namespace tl::test
