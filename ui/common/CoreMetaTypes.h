#pragma once
// Core's plain structs as Qt meta-types, so signals can carry them across threads (queued
// connections copy their arguments).
#include <QMetaType>

#include "core/training/Experiment.h"
#include "core/training/TrainingMetrics.h"

Q_DECLARE_METATYPE(tl::BatchMetrics)
Q_DECLARE_METATYPE(tl::EpochMetrics)
Q_DECLARE_METATYPE(tl::PhaseProgress)
Q_DECLARE_METATYPE(tl::Experiment)
