#pragma once
#include <QWidget>
#include <cstdint>

#include "core/data/DatasetSplitter.h"

class QSpinBox;
class QToolButton;

namespace tl::ui {

/// Images per class for train / validation / test, and the split seed. Setters never emit;
/// `changed` means the user edited a value (one signal per edit). GUI thread only.
class SeedEdit;

class SplitControls : public QWidget {
    Q_OBJECT
public:
    explicit SplitControls(QWidget* parent = nullptr);

    void setValues(const SplitCounts& counts, std::uint64_t seed);
    SplitCounts counts() const;
    /// The seed, any 64-bit value, exactly.
    std::uint64_t seed() const { return seed_; }
    /// With predefined split folders a count of 0 takes every image of that folder.
    void setZeroMeansAll(bool zeroMeansAll);

Q_SIGNALS:
    void changed();

private:
    QSpinBox* addCount(const QString& objectName, const QString& toolTip);

    QSpinBox* train_;
    QSpinBox* validation_;
    QSpinBox* test_;
    SeedEdit* seedBox_;
    QToolButton* lectureButton_;
    std::uint64_t seed_ = 1;
};

}  // namespace tl::ui
