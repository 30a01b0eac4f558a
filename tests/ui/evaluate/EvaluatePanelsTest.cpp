// The Evaluate and Predict tabs over a real (tiny) trained run: evaluation fills the confusion
// matrix, the per-class table, the ROC curve, the histogram and the gallery; a drop of a folder on
// the prediction view lists and explains its images.
#include <QApplication>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QListWidget>
#include <QMimeData>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QUrl>

#include "core/runs/RunFolder.h"
#include "core/training/ExperimentRunner.h"
#include "support/TestImages.h"
#include "support/TrainingFixture.h"
#include "ui/common/PathText.h"
#include "ui/evaluate/ConfusionMatrixView.h"
#include "ui/evaluate/EvaluationPanel.h"
#include "ui/evaluate/MisclassifiedGallery.h"
#include "ui/evaluate/PredictionPanel.h"
#include "ui/evaluate/ProbabilityHistogramChart.h"
#include "ui/evaluate/RocChart.h"
#include "ui/evaluate/RunPicker.h"

using namespace tl::ui;

class EvaluatePanelsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void evaluationFillsEveryView();
    void aFolderThatIsNotARunSaysSo();
    void galleryOpensAnImage();
    void droppedFolderIsListedAndExplained();
    void dropsWithoutARunOrWithoutImagesAreRefused();
    void confusionCellsExplainThemselves();

private:
    tl::test::TinyExperiment* tiny_ = nullptr;
    QString run_;
};

namespace {

/// Sends the drag-enter and the drop a file manager would; returns whether the drop was accepted.
bool drop(QWidget& widget, const QList<QUrl>& urls) {
    QMimeData mime;
    mime.setUrls(urls);
    const QPoint centre = widget.rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&widget, &enter);
    if (!enter.isAccepted()) return false;
    QDropEvent dropped(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&widget, &dropped);
    return dropped.isAccepted();
}

}  // namespace

void EvaluatePanelsTest::initTestCase() {
    tiny_ = new tl::test::TinyExperiment(16);
    tiny_->experiment.training.epochs = 3;
    run_ = toQString(tl::runExperiment(tiny_->experiment, {tiny_->runsRoot()}).folder);
}

void EvaluatePanelsTest::cleanupTestCase() {
    delete tiny_;
}

void EvaluatePanelsTest::evaluationFillsEveryView() {
    EvaluationPanel panel;
    panel.resize(1100, 800);
    panel.setRun(run_);
    QSignalSpy evaluated(&panel, &EvaluationPanel::evaluated);
    panel.evaluate();
    QVERIFY(panel.isBusy());
    QVERIFY(evaluated.wait(60000));
    QVERIFY2(panel.summaryText().startsWith(QStringLiteral("test split: 8 images, accuracy")),
             qPrintable(panel.summaryText()));
    QVERIFY2(panel.summaryText().contains(QStringLiteral("ROC AUC")), qPrintable(panel.summaryText()));
    // the best validation epoch's weights by default, and the summary says which epoch that was
    QVERIFY2(panel.summaryText().contains(QStringLiteral("model-best.pt (epoch ")), qPrintable(panel.summaryText()));
    QCOMPARE(panel.runPicker()->checkpointBox()->count(), 2);

    const auto& matrix = panel.confusionView()->matrix();
    QCOMPARE(matrix.size(), std::size_t{2});
    QCOMPARE(matrix[0][0] + matrix[0][1], std::size_t{4});  // 4 test images per class
    QCOMPARE(matrix[1][0] + matrix[1][1], std::size_t{4});
    const int wrong = static_cast<int>(matrix[0][1] + matrix[1][0]);

    QCOMPARE(panel.reportTable()->rowCount(), 3);  // cat, dog, macro mean
    QCOMPARE(panel.reportTable()->item(0, 3)->text(), QStringLiteral("4"));
    QVERIFY(panel.rocChart()->pointCount() >= 2);
    QVERIFY2(panel.rocChart()->title().contains(QStringLiteral("AUC")), qPrintable(panel.rocChart()->title()));
    QVERIFY(panel.histogramChart()->tallestBin() >= 1);
    QCOMPARE(panel.gallery()->count(), wrong);

    // The validation split too: 8 images again, a different title.
    panel.splitBox()->setCurrentIndex(panel.splitBox()->findData(QStringLiteral("validation")));
    panel.evaluate();
    QVERIFY(evaluated.wait(60000));
    QVERIFY2(panel.summaryText().startsWith(QStringLiteral("validation split: 8 images")),
             qPrintable(panel.summaryText()));

    // The last epoch's weights instead: picking them clears what the best ones measured.
    auto* checkpoint = panel.runPicker()->checkpointBox();
    checkpoint->setCurrentIndex(checkpoint->findData(QStringLiteral("last")));
    Q_EMIT checkpoint->activated(checkpoint->currentIndex());
    QVERIFY(panel.confusionView()->matrix().empty());
    panel.evaluate();
    QVERIFY(evaluated.wait(60000));
    QVERIFY2(panel.summaryText().contains(QStringLiteral("model.pt (epoch 3, the last trained)")),
             qPrintable(panel.summaryText()));
}

void EvaluatePanelsTest::aFolderThatIsNotARunSaysSo() {
    tl::test::TempDir empty;
    EvaluationPanel panel;
    panel.setRun(toQString(empty.path()));
    QSignalSpy evaluated(&panel, &EvaluationPanel::evaluated);
    panel.evaluate();
    QVERIFY(evaluated.wait(30000));
    QCOMPARE(panel.summaryText(), QStringLiteral("No evaluation."));
    QVERIFY(panel.confusionView()->matrix().empty());

    panel.setRun({});
    panel.evaluate();  // nothing to evaluate: nothing starts
    QVERIFY(!panel.isBusy());
}

void EvaluatePanelsTest::galleryOpensAnImage() {
    MisclassifiedGallery gallery;
    tl::ImageOutcome outcome;
    outcome.file = tiny_->dataRoot() / "cat/cat.0.png";
    outcome.actual = 0;
    outcome.predicted = 1;
    outcome.probabilities = {0.1, 0.9};
    gallery.setImages({outcome}, MisclassifiedGallery::makeThumbnails({outcome}), {"cat", "dog"}, 3);
    QCOMPARE(gallery.count(), 2);  // the image and "+2 more"
    QCOMPARE(gallery.item(0)->text(), QStringLiteral("cat → dog 90%"));
    QVERIFY(!gallery.item(0)->icon().isNull());
    QSignalSpy chosen(&gallery, &MisclassifiedGallery::imageActivated);
    Q_EMIT gallery.itemActivated(gallery.item(0));
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.at(0).at(0).toString(), toQString(outcome.file));
}

void EvaluatePanelsTest::droppedFolderIsListedAndExplained() {
    PredictionPanel panel;
    panel.resize(1000, 700);
    panel.setRun(run_);
    QSignalSpy listed(&panel, &PredictionPanel::listed);
    QSignalSpy explained(&panel, &PredictionPanel::explained);
    tl::test::writeBytes(tiny_->folder / "notes.txt", "not an image");
    QVERIFY(drop(panel, {QUrl::fromLocalFile(toQString(tiny_->dataRoot() / "dog")),
                         QUrl::fromLocalFile(toQString(tiny_->folder / "notes.txt"))}));
    QCOMPARE(panel.images().size(), 16);  // the dog folder's images, the text file left out
    QVERIFY(listed.wait(60000));
    if (explained.isEmpty()) QVERIFY(explained.wait(60000));
    for (int row = 0; row < panel.images().size(); ++row) {
        QVERIFY2(panel.captionAt(row).startsWith(QStringLiteral("cat ")) ||
                     panel.captionAt(row).startsWith(QStringLiteral("dog ")),
                 qPrintable(panel.captionAt(row)));
    }
    QVERIFY(!panel.imageList()->item(0)->icon().isNull());  // thumbnails arrive with the captions
    const auto probabilities = panel.probabilities();
    QCOMPARE(probabilities.size(), 2);
    QCOMPARE(probabilities[0].first, QStringLiteral("cat"));
    QVERIFY(std::abs(probabilities[0].second + probabilities[1].second - 1.0) < 1e-6);
    QCOMPARE(panel.heatmapLayer(), QStringLiteral("block2_conv1"));
    QVERIFY(panel.layerBox()->count() >= 2);
    const auto withHeatmap = panel.shownImage();
    QVERIFY(!withHeatmap.isNull());

    // Another layer: the same image explained again, from that layer.
    panel.layerBox()->setCurrentIndex(panel.layerBox()->findData(QStringLiteral("block1_conv1")));
    Q_EMIT panel.layerBox()->activated(panel.layerBox()->currentIndex());
    QVERIFY(explained.wait(60000));
    QCOMPARE(panel.heatmapLayer(), QStringLiteral("block1_conv1"));
    // the Feature maps tab shows the same layer's maps
    QVERIFY(!panel.featureMapImage().isNull());
    QVERIFY2(panel.featureMapText().startsWith(QStringLiteral("Layer block1_conv1")),
             qPrintable(panel.featureMapText()));
    // a run from random weights has no pretrained classifier to ask: the panel says so
    QVERIFY2(panel.imagenetText().contains(QStringLiteral("random weights")), qPrintable(panel.imagenetText()));
    // the dog folder names the true class: the caption says whether the prediction is right
    QVERIFY2(panel.captionText().contains(QStringLiteral("Its folder says")), qPrintable(panel.captionText()));

    // A broken image is listed with its reason, not dropped in silence.
    tl::test::writeBytes(tiny_->folder / "broken.png", "nope");
    panel.addImages({toQString(tiny_->folder / "broken.png")});
    QVERIFY(explained.wait(60000));
    QVERIFY2(panel.message().contains(QStringLiteral("broken.png")), qPrintable(panel.message()));
    if (panel.isBusy()) QVERIFY(listed.wait(60000));
    QCOMPARE(panel.captionAt(panel.images().size() - 1), QStringLiteral("cannot read"));
}

void EvaluatePanelsTest::dropsWithoutARunOrWithoutImagesAreRefused() {
    PredictionPanel panel;
    const auto image = QUrl::fromLocalFile(toQString(tiny_->dataRoot() / "cat/cat.0.png"));
    QVERIFY(!drop(panel, {image}));  // no run yet
    panel.setRun(run_);
    tl::test::writeBytes(tiny_->folder / "readme.md", "#");
    QVERIFY(!drop(panel, {QUrl::fromLocalFile(toQString(tiny_->folder / "readme.md"))}));
    QVERIFY(!drop(panel, {QUrl(QStringLiteral("https://example.org/cat.jpg"))}));
    QVERIFY(drop(panel, {image}));
}

void EvaluatePanelsTest::confusionCellsExplainThemselves() {
    ConfusionMatrixView view;
    view.resize(400, 300);
    view.setMatrix({"cat", "dog"}, {{45, 5}, {10, 40}});
    QCOMPARE(view.describeCell(0, 1), QStringLiteral("5 cat images taken for dog (10.0% of the cat images)"));
    QCOMPARE(view.describeCell(1, 1), QStringLiteral("40 dog images recognised as dog (80.0% of the dog images)"));
    const auto cell = view.cellAt(QPoint(view.width() / 2 + 60, view.height() - 20));  // bottom right: dog, dog
    QCOMPARE(cell, QPoint(1, 1));
    QCOMPARE(view.cellAt(QPoint(1, 1)), QPoint(-1, -1));
    QVERIFY(!view.grab().isNull());
}

QTEST_MAIN(EvaluatePanelsTest)
#include "EvaluatePanelsTest.moc"
