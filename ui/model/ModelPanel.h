#pragma once
#include <QWidget>
#include <filesystem>
#include <memory>

#include "core/models/Model.h"
#include "core/training/Experiment.h"
#include "ui/common/LatestJob.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;

namespace tl::ui {

class ImagenetProbe;
class InlineMessage;
class LayerTree;
class WeightsSelector;

/// The model panel: backbone, starting weights, input size, preprocessing, head, and which
/// layers train. Shows the Keras-style summary and a layer tree with a checkbox per layer; the
/// trainable and non-trainable parameter counts follow every click. Models are built off the GUI
/// thread (a VGG16 takes a moment) and only inspected here: the panel never trains.
class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(QWidget* parent = nullptr);
    ~ModelPanel() override;

    /// Shows the experiment's model settings and freeze plan.
    void setExperiment(const tl::Experiment& experiment);
    /// Writes the panel's settings into `experiment`: model spec (keeping its class count),
    /// weights, preprocessing and the freeze plan the layer tree shows.
    void applyTo(tl::Experiment& experiment) const;

    /// The classifier's output follows the dataset's class count.
    void setClassCount(int classes);
    /// The dataset folder: where the probe's "Choose Image…" starts.
    void setImageFolder(const std::filesystem::path& folder);

    /// Feature extraction: the whole base frozen, the head trainable.
    void freezeBase();
    void unfreezeAll();

    /// True once the model for the current settings is built and shown.
    bool isReady() const;
    /// The counts for the layer tree's current checkboxes.
    std::int64_t trainableParameters() const { return trainable_; }
    std::int64_t nonTrainableParameters() const { return nonTrainable_; }
    LayerTree* layerTree() const { return tree_; }
    ImagenetProbe* imagenetProbe() const { return probe_; }

Q_SIGNALS:
    /// The user changed a setting or a layer's trainability.
    void changed();
    /// A model finished building (or failed to) and the tree shows it.
    void modelReady();
    /// The user chose another backbone (after changed()).
    void backboneChosen();

private:
    struct Build;
    tl::ModelSpec specFromControls() const;
    void showSpec(const tl::ModelSpec& spec);
    void rebuild();
    void onBuilt(const std::shared_ptr<Build>& build);
    void updateCounts();
    void onSpecEdited();
    /// The probe classifies with the backbone and weights the panel shows.
    void updateProbe();
    /// A backbone or weights choice: input size and preprocessing follow unless the user set them.
    void followBackboneAndWeights();
    /// The "auto" entry names what it resolves to for the backbone and weights shown.
    void showAutoPreprocessing();

    QComboBox* backbone_;
    QSpinBox* width_;
    QSpinBox* height_;
    WeightsSelector* weights_;
    QComboBox* preprocessing_;
    QComboBox* pooling_;
    QSpinBox* units_;
    QDoubleSpinBox* dropout_;
    QLabel* classes_;
    QLabel* counts_;
    InlineMessage* message_;
    LayerTree* tree_;
    QPlainTextEdit* summaryText_;
    ImagenetProbe* probe_;

    int classCount_ = 2;
    tl::ImageSize proposedInput_{150, 150};  ///< the size last set by the experiment or a proposal
    tl::Preprocessing proposedPreprocessing_ = tl::Preprocessing::Unit;
    tl::FreezePlan pendingPlan_;        ///< applied to the next model built
    std::unique_ptr<tl::Model> model_;  ///< the model shown; GUI thread only once built
    std::int64_t trainable_ = 0;
    std::int64_t nonTrainable_ = 0;
    LatestJob<std::shared_ptr<Build>> builds_;  ///< last member: destroyed (and waited for) first
};

}  // namespace tl::ui
