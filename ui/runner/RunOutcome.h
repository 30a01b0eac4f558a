#pragma once
#include <QMetaType>
#include <QString>

#include "core/runs/RunStatus.h"

namespace tl::ui {

/// How a run started from the window ended, as the window reports it.
struct RunOutcome {
    QString folder;                                ///< the run folder; empty when the run failed before making one
    tl::RunStatus status = tl::RunStatus::Failed;  ///< Completed, Stopped or Failed
    QString error;                                 ///< the failure's message when status is Failed
    int epochsCompleted = 0;
    double seconds = 0;             ///< wall time of the whole run
    double validationAccuracy = 0;  ///< of the last completed epoch
};

}  // namespace tl::ui

Q_DECLARE_METATYPE(tl::ui::RunOutcome)
