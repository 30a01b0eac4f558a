#pragma once
#include <QTreeWidget>
#include <vector>

#include "core/models/ModelSummary.h"

namespace tl::ui {

/// The model's layers as a tree (the base, then the head) with a checkbox per layer that has
/// weights: checked = trainable, unchecked = frozen. Layers without weights (pooling, flatten,
/// dropout) show no checkbox, since freezing them changes nothing. A layer's context menu offers
/// "Unfreeze from here" (freeze the base before it, train it and everything after: how
/// fine-tuning is set up) and "Freeze up to here". GUI thread only.
class LayerTree : public QTreeWidget {
    Q_OBJECT
public:
    explicit LayerTree(QWidget* parent = nullptr);

    /// Shows `summary`'s layers with their current trainability.
    void setSummary(const tl::ModelSummary& summary);
    /// The layers as shown, each `trainable` flag as the user set it.
    std::vector<tl::LayerSummary> layers() const;

    void setAllTrainable(bool trainable);
    /// Freezes every base layer, leaves the head trainable (feature extraction).
    void freezeBase();
    /// Freezes the base layers before `name` and makes `name` and every later layer trainable.
    void unfreezeFrom(const QString& name);
    /// Freezes every layer up to and including `name`; later ones keep their state.
    void freezeUpTo(const QString& name);

Q_SIGNALS:
    /// A checkbox changed, by the user or through one of the actions above.
    void trainabilityChanged();

private:
    void showContextMenu(const QPoint& position);
    void setLayerChecked(QTreeWidgetItem* item, bool trainable);
    std::vector<QTreeWidgetItem*> layerItems() const;
    void onItemChanged(QTreeWidgetItem* item, int column);

    std::vector<tl::LayerSummary> layers_;
    bool updating_ = false;  ///< true while the code (not the user) sets checkboxes
};

}  // namespace tl::ui
