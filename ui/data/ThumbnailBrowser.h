#pragma once
#include <QWidget>
#include <memory>

#include "core/data/Dataset.h"

class QComboBox;
class QLabel;
class QListView;

namespace tl::ui {

class ThumbnailModel;

/// A grid of thumbnails of one split and class, chosen with two combos. Scrolls over tens of
/// thousands of images: uniform cells, batched layout, thumbnails decoded only when shown
/// (ThumbnailModel). GUI thread only.
class ThumbnailBrowser : public QWidget {
    Q_OBJECT
public:
    /// Split combo data: a SplitName as int, or kAllImages.
    static constexpr int kAllImages = -1;

    explicit ThumbnailBrowser(QWidget* parent = nullptr);

    /// Shows the images of `dataset` and, per split, of `split` (null: no split, only "All images").
    /// The chosen split and class are kept when they still exist.
    void setContents(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const SplitSet> split);

    ThumbnailModel* model() const { return model_; }
    QListView* view() const { return view_; }

private:
    void refill();
    void fillClassCombo();

    QComboBox* splitCombo_;
    QComboBox* classCombo_;
    QLabel* countLabel_;
    QListView* view_;
    ThumbnailModel* model_;
    std::shared_ptr<const Dataset> dataset_;
    std::shared_ptr<const SplitSet> split_;
};

}  // namespace tl::ui
