#pragma once
#include "cli/Console.h"
#include "core/training/TrainingCallbacks.h"
#include "core/training/TrainingControl.h"

namespace tl::cli {

/// Callbacks that show a run on the console: a progress bar over the whole run with the batch
/// loss and accuracy, a line per epoch, phase progress, log lines; JSON events in JSON mode.
/// Each batch also checks InterruptGuard and turns a Ctrl-C into control.requestStop().
TrainingCallbacks consoleCallbacks(Console& console, int epochs, TrainingControl& control);

}  // namespace tl::cli
