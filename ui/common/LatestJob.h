#pragma once
#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace tl::ui {

/// Background work where the newest request wins: one job runs at a time on Qt's thread pool; a
/// job submitted while one runs waits, replacing any job already waiting, and the running one is
/// asked to stop (its stop flag is raised). Only the result of the newest job is delivered; the
/// result of a job that was superseded goes to `superseded` (when set) and is otherwise dropped.
///
/// Thread rules: create, submit and destroy on the GUI thread; the handlers run there too. A job
/// runs on a pool thread and must not touch widgets; it reads its stop flag to end early. The
/// destructor raises the flag and waits for the running job, so a job may capture its owner.
/// `Result` must be default-constructible and copyable (a QFuture holds it): use a shared_ptr for
/// large or move-only results.
template <typename Result>
class LatestJob {
public:
    using Job = std::function<Result(const std::atomic<bool>& stop)>;
    using Handler = std::function<void(const Result&)>;

    explicit LatestJob(Handler finished, Handler superseded = {})
        : finished_(std::move(finished)), superseded_(std::move(superseded)) {
        QObject::connect(&watcher_, &QFutureWatcherBase::finished, &watcher_, [this] { onFinished(); });
    }
    ~LatestJob() {
        next_.reset();
        if (stop_) stop_->store(true);
        watcher_.waitForFinished();
    }
    LatestJob(const LatestJob&) = delete;
    LatestJob& operator=(const LatestJob&) = delete;

    /// Runs `job` now, or once the running job ends (which is asked to stop).
    void submit(Job job) {
        next_ = std::move(job);
        if (running_) {
            stop_->store(true);
            return;
        }
        startNext();
    }
    /// Asks the running job to stop and forgets the waiting one; the running job's result is
    /// still delivered (it is the newest), so the owner sees how it ended.
    void cancel() {
        next_.reset();
        if (stop_) stop_->store(true);
    }
    /// A job runs or waits: what is shown may not match the newest request yet.
    bool isBusy() const { return running_; }

private:
    void startNext() {
        Job job = std::move(*next_);
        next_.reset();
        running_ = true;
        stop_ = std::make_shared<std::atomic<bool>>(false);
        watcher_.setFuture(QtConcurrent::run([job = std::move(job), stop = stop_] { return job(*stop); }));
    }
    void onFinished() {
        const Result result = watcher_.result();
        if (next_) {
            startNext();
            if (superseded_) superseded_(result);
            return;
        }
        running_ = false;
        finished_(result);
    }

    Handler finished_;
    Handler superseded_;
    QFutureWatcher<Result> watcher_;
    std::shared_ptr<std::atomic<bool>> stop_;  ///< of the running job
    std::optional<Job> next_;
    bool running_ = false;
};

}  // namespace tl::ui
