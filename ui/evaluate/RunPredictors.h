#pragma once
#include <QString>
#include <memory>
#include <mutex>

#include "core/inference/ImagenetClassifier.h"
#include "core/inference/Predictor.h"
#include "core/runs/CheckpointChoice.h"

namespace tl::ui {

/// The Predict tab's models, shared by its pool jobs, which take turns through `mutex` (neither
/// model is thread-safe): the run's own predictor, and beside it the pretrained backbone with its
/// published classifier (ImageNet's top, or the lesson's source classes), each loaded once per
/// run. Every member but the mutex is used with the mutex held.
class RunPredictors {
public:
    std::mutex mutex;

    /// The predictor of `folder`'s `choice` checkpoint, loaded when another was loaded before.
    /// Throws tl::Error when the folder is not a trained run.
    tl::Predictor& forRun(const QString& folder, tl::CheckpointChoice choice);

    /// What the pretrained base with its own classifier sees in `image`, before any transfer
    /// learning: its five most probable classes ("tabby 45%, tiger cat 20%, …"), or why there
    /// are none (random weights, no classifier file on this machine). `key` names the run and
    /// checkpoint; the classifier is built once per key (loading a published top takes seconds).
    QString pretrainedView(const QString& key, const tl::Predictor& run, const QString& image);

private:
    QString run_;
    tl::CheckpointChoice checkpoint_ = tl::CheckpointChoice::Best;
    std::unique_ptr<tl::Predictor> predictor_;
    std::unique_ptr<tl::ImagenetClassifier> classifier_;
    QString classifierFor_;
    QString classifierError_;  ///< why there is no classifier for classifierFor_
};

}  // namespace tl::ui
