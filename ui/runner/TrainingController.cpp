#include "ui/runner/TrainingController.h"

#include <QEventLoop>

#include "ui/runner/TrainingWorker.h"

namespace tl::ui {

TrainingController::TrainingController(QObject* parent) : QObject(parent), worker_(new TrainingWorker) {
    thread_.setObjectName(QStringLiteral("training"));
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    // The worker emits from its own thread: these connections are queued onto the GUI thread.
    connect(worker_, &TrainingWorker::batchEnded, this, &TrainingController::batchEnded);
    connect(worker_, &TrainingWorker::epochEnded, this, &TrainingController::epochEnded);
    connect(worker_, &TrainingWorker::progressed, this, &TrainingController::progressed);
    connect(worker_, &TrainingWorker::logged, this, &TrainingController::logged);
    connect(worker_, &TrainingWorker::finished, this, &TrainingController::onWorkerFinished);
    thread_.start();
}

TrainingController::~TrainingController() {
    stopAndWait();
    thread_.quit();
    thread_.wait();
}

bool TrainingController::start(const tl::Experiment& experiment, const std::filesystem::path& runsRoot, int processes) {
    if (running_) return false;
    running_ = true;
    control_ = std::make_shared<tl::TrainingControl>();
    auto control = control_;
    QMetaObject::invokeMethod(
        worker_,
        [worker = worker_, experiment, runsRoot, control, processes] {
            worker->run(experiment, runsRoot, control, {}, processes);
        },
        Qt::QueuedConnection);
    Q_EMIT started();
    return true;
}

bool TrainingController::startResumed(const std::filesystem::path& runFolder) {
    if (running_) return false;
    running_ = true;
    control_ = std::make_shared<tl::TrainingControl>();
    auto control = control_;
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, runFolder, control] { worker->run({}, {}, control, runFolder); },
        Qt::QueuedConnection);
    Q_EMIT started();
    return true;
}

void TrainingController::pause() {
    if (!running_ || control_->paused()) return;
    control_->pause();
    Q_EMIT pausedChanged(true);
}

void TrainingController::resume() {
    if (!running_ || !control_->paused()) return;
    control_->resume();
    Q_EMIT pausedChanged(false);
}

void TrainingController::stop() {
    if (!running_) return;
    // A paused run must wake up to see the stop request.
    control_->requestStop();
    control_->resume();
}

void TrainingController::stopAndWait() {
    if (!running_) return;
    stop();
    // The worker's finished() arrives as a queued call on this thread: run a local loop for it.
    QEventLoop loop;
    connect(this, &TrainingController::finished, &loop, &QEventLoop::quit);
    if (running_) loop.exec(QEventLoop::ExcludeUserInputEvents);
}

void TrainingController::onWorkerFinished(const tl::ui::RunOutcome& outcome) {
    running_ = false;
    Q_EMIT finished(outcome);
}

}  // namespace tl::ui
