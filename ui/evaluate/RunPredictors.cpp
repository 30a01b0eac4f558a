#include "ui/evaluate/RunPredictors.h"

#include <QObject>
#include <QStringList>

#include "core/util/UserMessage.h"
#include "ui/common/PathText.h"

namespace tl::ui {

tl::Predictor& RunPredictors::forRun(const QString& folder, tl::CheckpointChoice choice) {
    if (!predictor_ || run_ != folder || checkpoint_ != choice) {
        predictor_.reset();
        predictor_ = std::make_unique<tl::Predictor>(toPath(folder), choice);
        run_ = folder;
        checkpoint_ = choice;
    }
    return *predictor_;
}

QString RunPredictors::pretrainedView(const QString& key, const tl::Predictor& run, const QString& image) {
    if (classifierFor_ != key) {
        classifier_.reset();
        classifierFor_ = key;
        classifierError_.clear();
        const auto weights = run.pretrainedWeights();
        if (weights == "random") {
            classifierError_ = QObject::tr("the run started from random weights: its base knows no ImageNet classes");
        } else {
            try {
                tl::ImagenetClassifierOptions options;
                options.backbone = run.backbone();
                options.weights = weights;
                classifier_ = std::make_unique<tl::ImagenetClassifier>(options);
            } catch (const std::exception& error) {
                classifierError_ = QString::fromStdString(tl::userMessage(error));
            }
        }
    }
    if (!classifier_) return classifierError_;
    const auto seen = classifier_->classify(toPath(image), 5);
    if (!seen.error.empty()) return QString::fromStdString(seen.error);
    QStringList top;
    for (const auto& score : seen.top) {
        top.append(
            QStringLiteral("%1 %2%").arg(QString::fromStdString(score.label)).arg(score.probability * 100, 0, 'f', 0));
    }
    return top.join(QStringLiteral(", "));
}

}  // namespace tl::ui
