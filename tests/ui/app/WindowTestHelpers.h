#pragma once
#include <QTest>

#include "support/TrainingFixture.h"
#include "ui/app/MainWindow.h"
#include "ui/data/DataPanel.h"
#include "ui/model/ModelPanel.h"

namespace tl::test {

/// Waits until the window shows a scanned dataset and a built model.
inline bool waitUntilReady(ui::MainWindow& window) {
    return QTest::qWaitFor([&] { return window.dataPanel()->dataset() && window.modelPanel()->isReady(); }, 60000);
}

/// Opens the tiny test experiment (fast to train) in the window.
inline void openTiny(ui::MainWindow& window, TinyExperiment& tiny) {
    window.openExperiment(tiny.experiment, tiny.runsRoot());
}

}  // namespace tl::test
