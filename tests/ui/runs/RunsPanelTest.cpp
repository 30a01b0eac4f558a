// The Runs tab over real run folders and a real runs database: the lecture's columns, the
// overlay of several runs' curves, the filter, and runs that appear on refresh.
#include <QAbstractItemModel>
#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QtCharts/QLineSeries>
#include <cmath>

#include "core/runs/RunIndex.h"
#include "support/FinishedRun.h"
#include "support/TempDir.h"
#include "ui/charts/MetricChart.h"
#include "ui/common/InlineMessage.h"
#include "ui/common/PathText.h"
#include "ui/runs/RunExporter.h"
#include "ui/runs/RunTableModel.h"
#include "ui/runs/RunsPanel.h"

using namespace tl::ui;

class RunsPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void listsEveryRunBesideTheLecture();
    void selectedRunsOverlayTheirCurves();
    void filterAndRefreshKeepWhatIsSelected();
    void doubleClickOpensTheRun();
    void aRootWithoutRunsSaysHowToMakeOne();
    void exportsMetricsAndExplainsAFailedModelExport();

private:
    /// Points the panel at the temporary root and waits for the listing.
    void listRuns();
    /// The view's text in `column` of view row `row`.
    QString cell(int row, int column) const;

    std::unique_ptr<tl::test::TempDir> root_;
    std::unique_ptr<RunsPanel> panel_;
    QString fineTune_;
};

void RunsPanelTest::init() {
    root_ = std::make_unique<tl::test::TempDir>();
    tl::test::writeFinishedRun(root_->path(), "scratch", tl::Regime::Scratch, "2026-01-01T10:00:00Z", 0.71, 30);
    tl::test::writeFinishedRun(root_->path(), "fe-aug", tl::Regime::FeatureExtractionAug, "2026-01-02T10:00:00Z", 0.95,
                               30);
    const auto fine =
        tl::test::writeFinishedRun(root_->path(), "fine", tl::Regime::FineTune, "2026-01-03T10:00:00Z", 0.97, 12);
    fine.writeEvaluation("test", {0.965, 0.1, 1000, "model-best.pt", "2026-01-03T11:00:00Z"});
    fineTune_ = toQString(fine.path());
    panel_ = std::make_unique<RunsPanel>();
    panel_->resize(1200, 800);
}

void RunsPanelTest::cleanup() {
    panel_.reset();
    root_.reset();
}

void RunsPanelTest::listRuns() {
    QSignalSpy refreshed(panel_.get(), &RunsPanel::refreshed);
    panel_->setRunsRoot(root_->path());
    QVERIFY(refreshed.wait(10000));
}

QString RunsPanelTest::cell(int row, int column) const {
    auto* model = panel_->table()->model();
    return model->index(row, column).data().toString();
}

void RunsPanelTest::listsEveryRunBesideTheLecture() {
    listRuns();
    QCOMPARE(panel_->table()->model()->rowCount(), 3);
    QVERIFY(QFileInfo::exists(toQString(root_->path() / tl::RunIndex::kFileName)));
    // newest first: the fine-tuned run, evaluated on its test split
    QCOMPARE(cell(0, RunTableModel::Name), QStringLiteral("fine"));
    QCOMPARE(cell(0, RunTableModel::Regime), QStringLiteral("fine-tune"));
    QCOMPARE(cell(0, RunTableModel::Frozen), QStringLiteral("the base before block5_conv1"));
    QCOMPARE(cell(0, RunTableModel::BestValidation), QStringLiteral("97.0% (epoch 12)"));
    QCOMPARE(cell(0, RunTableModel::Lecture), QStringLiteral("97.0%"));
    QCOMPARE(cell(0, RunTableModel::Test), QStringLiteral("96.5%"));
    QCOMPARE(cell(1, RunTableModel::Lecture), QStringLiteral("96.0%"));
    QCOMPARE(cell(2, RunTableModel::Lecture), QStringLiteral("70.0%"));
    QCOMPARE(cell(2, RunTableModel::Test), QStringLiteral("–"));
    QCOMPARE(cell(2, RunTableModel::Weights), QStringLiteral("random"));
    QVERIFY2(panel_->statusText().startsWith(QStringLiteral("3 runs")), qPrintable(panel_->statusText()));

    // sorting on a number column sorts by value: best validation accuracy, lowest first
    panel_->table()->sortByColumn(RunTableModel::BestValidation, Qt::AscendingOrder);
    QCOMPARE(cell(0, RunTableModel::Name), QStringLiteral("scratch"));
    QCOMPARE(cell(2, RunTableModel::Name), QStringLiteral("fine"));
}

void RunsPanelTest::selectedRunsOverlayTheirCurves() {
    listRuns();
    // the newest run is selected at first: its curves show without a click
    QCOMPARE(panel_->selectedFolders(), QStringList{fineTune_});
    QTRY_COMPARE_WITH_TIMEOUT(panel_->accuracyChart()->curveCount(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(panel_->accuracyChart()->rawSeries(0)->count(), 12, 10000);

    QSignalSpy shown(panel_.get(), &RunsPanel::curvesShown);
    panel_->selectFolders(
        {fineTune_, panel_->table()->model()->index(2, 0).data(RunTableModel::kFolderRole).toString()});
    QVERIFY(shown.wait(10000));
    QCOMPARE(panel_->accuracyChart()->curveCount(), 2);
    QCOMPARE(panel_->lossChart()->curveCount(), 2);
    const int scratch = panel_->accuracyChart()->smoothedSeries(0)->name() == QStringLiteral("scratch") ? 0 : 1;
    QCOMPARE(panel_->accuracyChart()->smoothedSeries(scratch)->name(), QStringLiteral("scratch"));
    QCOMPARE(panel_->accuracyChart()->rawSeries(scratch)->count(), 30);
    // the last epoch of the scratch run is its best accuracy in the fixture
    QVERIFY(std::abs(panel_->accuracyChart()->rawSeries(scratch)->at(29).y() - 0.71) < 1e-6);
}

void RunsPanelTest::filterAndRefreshKeepWhatIsSelected() {
    listRuns();
    auto* filter = panel_->findChild<QLineEdit*>(QStringLiteral("RunsFilter"));
    QVERIFY(filter);
    QTest::keyClicks(filter, QStringLiteral("fe-aug"));
    QCOMPARE(panel_->table()->model()->rowCount(), 1);
    QCOMPARE(cell(0, RunTableModel::Name), QStringLiteral("fe-aug"));
    filter->clear();
    QCOMPARE(panel_->table()->model()->rowCount(), 3);

    panel_->selectFolders({fineTune_});
    tl::test::writeFinishedRun(root_->path(), "later", tl::Regime::FeatureExtraction, "2026-01-04T10:00:00Z", 0.9, 3);
    QSignalSpy refreshed(panel_.get(), &RunsPanel::refreshed);
    panel_->refreshAction()->trigger();
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(panel_->table()->model()->rowCount(), 4);
    QCOMPARE(cell(0, RunTableModel::Name), QStringLiteral("later"));
    QCOMPARE(panel_->selectedFolders(), QStringList{fineTune_});
}

void RunsPanelTest::doubleClickOpensTheRun() {
    listRuns();
    QSignalSpy opened(panel_.get(), &RunsPanel::openRunRequested);
    panel_->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel_.get()));
    auto* view = panel_->table();
    const auto rect = view->visualRect(view->model()->index(0, RunTableModel::Name));
    // as a person double-clicks: a click, then the second press that makes it a double-click
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.at(0).at(0).toString(), fineTune_);
}

void RunsPanelTest::aRootWithoutRunsSaysHowToMakeOne() {
    tl::test::TempDir empty;
    QSignalSpy refreshed(panel_.get(), &RunsPanel::refreshed);
    panel_->setRunsRoot(empty.path());
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(panel_->table()->model()->rowCount(), 0);
    QVERIFY2(panel_->statusText().contains(QStringLiteral("Start")), qPrintable(panel_->statusText()));
}

void RunsPanelTest::exportsMetricsAndExplainsAFailedModelExport() {
    listRuns();
    QSignalSpy exported(panel_.get(), &RunsPanel::exported);
    const auto csv = toQString(root_->path() / "exported.csv");
    panel_->exporter()->exportMetrics(fineTune_, csv);
    QCOMPARE(exported.count(), 1);
    QCOMPARE(exported.at(0).at(1).toString(), QString());
    QFile copy(csv);
    QFile original(toQString(tl::RunFolder::open(toPath(fineTune_)).metricsFile()));
    QVERIFY(copy.open(QIODevice::ReadOnly) && original.open(QIODevice::ReadOnly));
    QCOMPARE(copy.readAll(), original.readAll());

    // the fixture's model.pt is not a checkpoint: the export fails, says why, and writes nothing
    const auto model = toQString(root_->path() / "model.torchscript.pt");
    panel_->exporter()->exportModel(fineTune_, model);
    QVERIFY(exported.wait(20000));
    QVERIFY(!exported.at(1).at(1).toString().isEmpty());
    QVERIFY(!QFileInfo::exists(model));
    QCOMPARE(panel_->message()->kind(), InlineMessage::Kind::Error);
    QVERIFY2(panel_->message()->text().contains(QStringLiteral("Could not export")),
             qPrintable(panel_->message()->text()));
    // the report still shows what ran and its curves, and says why it has no evaluation
    const auto report = toQString(root_->path() / "report.html");
    panel_->exporter()->exportReport(fineTune_, report);
    QVERIFY(exported.wait(20000));
    QCOMPARE(exported.at(2).at(1).toString(), QString());
    QVERIFY(QFileInfo(report).size() > 1000);
    QVERIFY2(panel_->message()->text().contains(QStringLiteral("evaluation failed")),
             qPrintable(panel_->message()->text()));
}

QTEST_MAIN(RunsPanelTest)
#include "RunsPanelTest.moc"
