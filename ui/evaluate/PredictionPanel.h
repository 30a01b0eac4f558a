#pragma once
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <memory>

#include "ui/common/LatestJob.h"

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QListWidget;
class QMimeData;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace tl::ui {

class FeatureMapView;
class InlineMessage;
class RunPicker;
class RunPredictors;

/// "5 · Predict": images classified by a trained run. Drop one image, several or a folder (or
/// paste, or Open Image…): each is listed with its predicted class; the selected one is shown
/// with its class probabilities and a Grad-CAM heatmap of where the model looked, from a layer
/// the user picks (the base's last convolution by default), and that layer's feature maps.
///
/// The run's model is loaded once per run off the GUI thread; listing and explaining run on Qt's
/// thread pool and take turns on the model. GUI thread only.
class PredictionPanel : public QWidget {
    Q_OBJECT
public:
    /// Images taken from one drop at most (a folder of thousands would only fill the list).
    static constexpr int kImageLimit = 500;

    explicit PredictionPanel(QWidget* parent = nullptr);
    /// Waits for work in flight.
    ~PredictionPanel() override;
    PredictionPanel(const PredictionPanel&) = delete;
    PredictionPanel& operator=(const PredictionPanel&) = delete;

    /// The run whose model predicts; images already listed are classified again with it.
    void setRun(const QString& folder);
    QString run() const { return run_; }
    /// Adds images to the list (classified in the background) and shows the first of them.
    void addImages(const QStringList& files);
    /// What a drop or a paste carries: image files, folders of them, or (paste) a bitmap.
    bool acceptsMime(const QMimeData* mime) const;
    void addFromMime(const QMimeData* mime);
    /// File > Open Image…: asks for image files and adds them.
    void chooseImages();
    /// Ctrl+V: images (or image files) on the clipboard.
    void paste();

    bool isBusy() const;
    /// Listed images and, per image, the caption shown ("dog 97%" or the error).
    QStringList images() const;
    QString captionAt(int row) const;
    /// The shown image's class probabilities, in the run's class order, and its heatmap layer.
    QList<QPair<QString, double>> probabilities() const { return probabilities_; }
    QString heatmapLayer() const { return heatmapLayer_; }
    /// The picture shown (the image with its heatmap when that is on).
    QImage shownImage() const { return shown_; }
    QString message() const;
    /// The line under the shown image: class, probability, heatmap layer, right or wrong.
    QString captionText() const;
    /// The chosen layer's feature maps for the shown image (the Feature maps tab), and what they show.
    QImage featureMapImage() const;
    QString featureMapText() const;
    /// The pretrained base's own top-5 classes for the shown image (ImageNet, or the lesson's
    /// source classes), or why there are none (random weights, no classifier file).
    QString imagenetText() const;
    QTabWidget* views() const { return views_; }
    QComboBox* layerBox() const { return layer_; }
    QListWidget* imageList() const { return list_; }
    RunPicker* runPicker() const { return picker_; }

Q_SIGNALS:
    /// The list's captions were updated (a classification pass ended).
    void listed();
    /// The selected image was explained (or failed): probabilities() and shownImage() tell.
    void explained();
    void chooseRunRequested();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct ListOutcome;
    struct ExplainOutcome;
    void classifyList();
    void explainSelected();
    void onListed(const std::shared_ptr<ListOutcome>& outcome);
    void onExplained(const std::shared_ptr<ExplainOutcome>& outcome);
    void showExplanation();
    void showProbabilityRows();
    /// The run and checkpoint the model comes from: jobs' results of another are dropped.
    QString modelKey() const;

    RunPicker* picker_;
    QComboBox* layer_;
    QCheckBox* heatmap_;
    QPushButton* openButton_;
    QListWidget* list_;
    QLabel* picture_;
    QLabel* caption_;
    QTabWidget* views_;
    FeatureMapView* maps_;
    QLabel* imagenet_;
    QGridLayout* rows_;
    QProgressBar* progress_;
    InlineMessage* status_;
    QString run_;
    QString loadedLayersFor_;  ///< the model (modelKey) whose layers fill layer_
    QList<QPair<QString, double>> probabilities_;
    QString heatmapLayer_;
    QImage input_;    ///< the image as the model saw it
    QImage overlay_;  ///< the same with the heatmap
    QImage shown_;
    std::shared_ptr<RunPredictors> model_;
    LatestJob<std::shared_ptr<ListOutcome>> listJobs_;
    LatestJob<std::shared_ptr<ExplainOutcome>> explainJobs_;  ///< last members: destroyed (and waited for) first
};

}  // namespace tl::ui
