#pragma once
#include <QMetaType>
#include <QString>

namespace tl::ui {

/// How a run started from the window ended, as the window reports it.
struct RunOutcome {
    QString folder;          ///< the run folder; empty when the run failed before making one
    QString status;          ///< "completed", "stopped" or "failed"
    QString error;           ///< the failure's message when status is "failed"
    int epochsCompleted = 0;
    double seconds = 0;      ///< wall time of the whole run
    double validationAccuracy = 0;  ///< of the last completed epoch
};

}  // namespace tl::ui

Q_DECLARE_METATYPE(tl::ui::RunOutcome)
