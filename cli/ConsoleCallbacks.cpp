#include "cli/ConsoleCallbacks.h"

#include <cstdio>

#include "cli/InterruptGuard.h"

namespace tl::cli {
namespace {

std::string fixed(double value, int digits) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", digits, value);
    return text;
}

void stopOnInterrupt(Console& console, TrainingControl& control) {
    if (InterruptGuard::interrupted() && !control.stopRequested()) {
        control.requestStop();
        console.say("stopping after this batch (Ctrl-C again to quit at once)");
    }
}

}  // namespace

TrainingCallbacks consoleCallbacks(Console& console, int epochs, TrainingControl& control) {
    TrainingCallbacks callbacks;
    callbacks.onBatchEnd = [&console, &control, epochs](const BatchMetrics& b) {
        stopOnInterrupt(console, control);
        if (console.json()) {
            console.event({{"event", "batch"},
                           {"epoch", b.epoch},
                           {"batch", b.batch},
                           {"loss", b.loss},
                           {"accuracy", b.accuracy},
                           {"elapsed_seconds", b.elapsedSeconds}});
            return;
        }
        console.progress("epoch " + std::to_string(b.epoch) + "/" + std::to_string(epochs),
                         static_cast<std::size_t>(b.globalBatch), static_cast<std::size_t>(b.totalBatches),
                         b.elapsedSeconds, "loss " + fixed(b.loss, 4) + " acc " + fixed(b.accuracy, 3));
    };
    callbacks.onEpochEnd = [&console, epochs](const EpochMetrics& e) {
        console.event({{"event", "epoch"},
                       {"epoch", e.epoch},
                       {"train_loss", e.trainLoss},
                       {"train_accuracy", e.trainAccuracy},
                       {"validation_loss", e.validationLoss},
                       {"validation_accuracy", e.validationAccuracy},
                       {"seconds", e.seconds}});
        console.say("epoch " + std::to_string(e.epoch) + "/" + std::to_string(epochs) + "  loss " +
                    fixed(e.trainLoss, 4) + "  acc " + fixed(e.trainAccuracy, 4) + "  val_loss " +
                    fixed(e.validationLoss, 4) + "  val_acc " + fixed(e.validationAccuracy, 4) + "  (" +
                    fixed(e.seconds, 1) + " s)");
    };
    callbacks.onProgress = [&console, &control](const PhaseProgress& p) {
        stopOnInterrupt(console, control);
        console.progress(p.phase, p.done, p.total, p.elapsedSeconds);
    };
    callbacks.onLog = [&console](const std::string& text) {
        console.event({{"event", "log"}, {"message", text}});
        console.say(text);
    };
    return callbacks;
}

}  // namespace tl::cli
