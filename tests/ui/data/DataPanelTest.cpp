// The data panel over generated datasets: counts per split as core's makeSplit makes them,
// skipped files, user edits, inline problems, layouts, and a scan of ~2,000 files.
#include <QComboBox>
#include <QCoreApplication>
#include <QGroupBox>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

#include "DataTestHelpers.h"
#include "core/data/DatasetScanner.h"
#include "core/data/DatasetSplitter.h"
#include "core/data/DemoDataset.h"
#include "support/TempDir.h"
#include "support/TestImages.h"
#include "ui/common/InlineMessage.h"
#include "ui/common/PathText.h"
#include "ui/data/DataPanel.h"
#include "ui/data/DatasetScanRunner.h"
#include "ui/data/SplitTableModel.h"
#include "ui/data/ThumbnailLoader.h"
#include "ui/data/ThumbnailModel.h"

namespace tl::ui::test {
namespace {

using tl::test::scanInto;
using tl::test::TempDir;
using tl::test::writeSmallDemo;

constexpr int kScanTimeoutMs = 60000;

// QTest prints a QString on mismatch; core's enums and paths have no QTest::toString.
QString layoutText(DatasetLayout layout) {
    return QString::fromUtf8(toString(layout).data());
}

QAbstractItemModel* tableModel(const DataPanel& panel, const char* name) {
    auto* table = panel.findChild<QTableView*>(QString::fromLatin1(name));
    return table ? table->model() : nullptr;
}

QString cell(const QAbstractItemModel* model, int row, int column) {
    return model->index(row, column).data().toString();
}

int rowOf(const QAbstractItemModel* model, const QString& className) {
    for (int row = 0; row < model->rowCount(); ++row) {
        if (cell(model, row, SplitTableModel::ClassColumn) == className) return row;
    }
    return -1;
}

const InlineMessage* messageOf(const DataPanel& panel) {
    return panel.findChild<InlineMessage*>(QStringLiteral("dataMessage"));
}

// Compares the panel's table with an independent scan + makeSplit of the same folder.
void expectTableMatchesMakeSplit(const DataPanel& panel, const SplitCounts& counts, std::uint64_t seed) {
    const Dataset dataset = scanDataset(panel.dataSpec().root, panel.dataSpec().layout);
    const SplitSet split = makeSplit(dataset, counts, seed);
    const auto* model = tableModel(panel, "splitTable");
    QVERIFY(model);
    QCOMPARE(model->rowCount(), static_cast<int>(dataset.classes.size()) + 1);  // + "all classes"
    const auto available = dataset.countsPerClass();
    for (std::size_t label = 0; label < dataset.classes.size(); ++label) {
        const int row = rowOf(model, QString::fromStdString(dataset.classes[label]));
        QVERIFY(row >= 0);
        QCOMPARE(cell(model, row, SplitTableModel::AvailableColumn), QString::number(available[label]));
        const int columns[] = {SplitTableModel::TrainColumn, SplitTableModel::ValidationColumn,
                               SplitTableModel::TestColumn};
        for (std::size_t s = 0; s < kAllSplits.size(); ++s) {
            const auto& part = split.part(kAllSplits[s]);
            const auto expected = std::count_if(part.begin(), part.end(), [&](const Sample& sample) {
                return sample.label == static_cast<int>(label);
            });
            QCOMPARE(cell(model, row, columns[s]), QString::number(expected));
        }
    }
    // The panel's own split is the same selection of files.
    QVERIFY(panel.split());
    QCOMPARE(panel.split()->train.size(), split.train.size());
    for (std::size_t i = 0; i < split.train.size(); ++i)
        QCOMPARE(toQString(panel.split()->train[i].path), toQString(split.train[i].path));
}

}  // namespace

class DataPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsPerSplitMatchMakeSplit() {
        TempDir dir;
        writeSmallDemo(dir / "data", 20, DatasetLayout::ClassFolders);
        DataPanel panel;
        QVERIFY(scanInto(panel, dir / "data", {8, 4, 4}, 3));
        QVERIFY(panel.dataset());
        QCOMPARE(layoutText(panel.dataset()->layout), layoutText(DatasetLayout::ClassFolders));
        expectTableMatchesMakeSplit(panel, {8, 4, 4}, 3);
        const auto* model = tableModel(panel, "splitTable");
        const int total = model->rowCount() - 1;
        QCOMPARE(cell(model, total, SplitTableModel::AvailableColumn), QStringLiteral("40"));
        QCOMPARE(cell(model, total, SplitTableModel::TrainColumn), QStringLiteral("16"));
        QVERIFY(!messageOf(panel)->isVisibleTo(&panel));
    }

    void openingAFolderDetectsItsLayoutAndProposesCounts() {
        // As after the demo: class folders and the demo's counts.
        TempDir dir;
        writeSmallDemo(dir / "demo", 20, DatasetLayout::ClassFolders);
        DataPanel panel;
        QVERIFY(scanInto(panel, dir / "demo", {12, 4, 4}, 1, DatasetLayout::ClassFolders));

        // A train/validation/test folder is read as its splits, not as three classes.
        writeSmallDemo(dir / "splits", 6, DatasetLayout::SplitFolders);
        QSignalSpy scanned(&panel, &DataPanel::datasetScanned);
        panel.openFolder(dir / "splits");
        QVERIFY(QTest::qWaitFor([&] { return scanned.count() > 0; }, 60000));
        QCOMPARE(layoutText(panel.dataset()->layout), layoutText(DatasetLayout::SplitFolders));
        QCOMPARE(panel.dataset()->classes.size(), 2u);
        QVERIFY(panel.dataSpec().layout == DatasetLayout::Auto);
        QVERIFY(panel.dataSpec().counts == (SplitCounts{0, 0, 0}));  // too few for 1000/500/500: all of each
        QVERIFY(panel.split());
        QVERIFY(!messageOf(panel)->isVisibleTo(&panel));

        // Class folders of 40 images each: half, a quarter and a quarter.
        writeSmallDemo(dir / "classes", 40, DatasetLayout::ClassFolders);
        scanned.clear();
        panel.openFolder(dir / "classes");
        QVERIFY(QTest::qWaitFor([&] { return scanned.count() > 0; }, 60000));
        QVERIFY(panel.dataSpec().counts == (SplitCounts{20, 10, 10}));
        QCOMPARE(panel.split()->train.size(), 40u);
    }

    void splitFoldersTakeAllForZeroCounts() {
        TempDir dir;
        writeSmallDemo(dir / "data", 6, DatasetLayout::SplitFolders);
        DataPanel panel;
        QVERIFY(scanInto(panel, dir / "data", {4, 0, 0}, 1));
        QCOMPARE(layoutText(panel.dataset()->layout), layoutText(DatasetLayout::SplitFolders));
        expectTableMatchesMakeSplit(panel, {4, 0, 0}, 1);
        const auto* model = tableModel(panel, "splitTable");
        QCOMPARE(cell(model, 0, SplitTableModel::TrainColumn), QStringLiteral("4"));
        QCOMPARE(cell(model, 0, SplitTableModel::ValidationColumn), QStringLiteral("6"));
        QCOMPARE(panel.findChild<QSpinBox*>(QStringLiteral("validationCount"))->text(), QStringLiteral("all"));
    }

    void skippedFilesAreListedWithReasons() {
        TempDir dir;
        writeSmallDemo(dir / "data", 10, DatasetLayout::ClassFolders);
        tl::test::writeBytes(dir / "data" / "cat" / "empty.jpg", "");
        tl::test::writeBytes(dir / "data" / "dog" / "notes.jpg", "these are lecture notes, not a photo");
        DataPanel panel;
        QVERIFY(scanInto(panel, dir / "data", {5, 2, 2}, 1));
        const auto* model = tableModel(panel, "skippedTable");
        QCOMPARE(model->rowCount(), 2);
        QMap<QString, QString> reasons;
        for (int row = 0; row < model->rowCount(); ++row) reasons[cell(model, row, 0)] = cell(model, row, 1);
        QCOMPARE(reasons.value(QStringLiteral("cat/empty.jpg")), QStringLiteral("zero bytes"));
        QCOMPARE(reasons.value(QStringLiteral("dog/notes.jpg")), QStringLiteral("not an image"));
        QVERIFY(panel.findChild<QGroupBox*>(QStringLiteral("skippedGroup"))->title().contains(QStringLiteral("(2)")));
        expectTableMatchesMakeSplit(panel, {5, 2, 2}, 1);  // the broken files count nowhere
    }

    void editingCountsOrSeedResplitsAndEmitsOnce() {
        TempDir dir;
        writeSmallDemo(dir / "data", 20, DatasetLayout::ClassFolders);
        DataPanel panel;
        QSignalSpy changed(&panel, &DataPanel::dataSpecChanged);
        QVERIFY(scanInto(panel, dir / "data", {8, 4, 4}, 3));
        QCOMPARE(changed.count(), 0);  // setDataSpec is not a user edit

        panel.findChild<QSpinBox*>(QStringLiteral("trainCount"))->setValue(5);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(panel.dataSpec().counts.train, 5);
        QVERIFY(!panel.isScanning());  // a new split, not a new scan
        expectTableMatchesMakeSplit(panel, {5, 4, 4}, 3);

        auto* seed = panel.findChild<QLineEdit*>(QStringLiteral("splitSeed"));
        seed->selectAll();
        QTest::keyClicks(seed, QStringLiteral("7"));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(panel.dataSpec().splitSeed, std::uint64_t{7});
        expectTableMatchesMakeSplit(panel, {5, 4, 4}, 7);

        // Any 64-bit seed is kept exactly; a digit more than 64 bits hold is refused.
        seed->selectAll();
        QTest::keyClicks(seed, QStringLiteral("18446744073709551615"));
        QCOMPARE(panel.dataSpec().splitSeed, std::uint64_t{18446744073709551615ULL});
        QTest::keyClicks(seed, QStringLiteral("9"));
        QCOMPARE(seed->text(), QStringLiteral("18446744073709551615"));
        expectTableMatchesMakeSplit(panel, {5, 4, 4}, 18446744073709551615ULL);
        seed->selectAll();
        QTest::keyClicks(seed, QStringLiteral("7"));
        QCOMPARE(panel.dataSpec().splitSeed, std::uint64_t{7});

        const int before = changed.count();
        panel.findChild<QSpinBox*>(QStringLiteral("testCount"))->setValue(2);
        QCOMPARE(changed.count(), before + 1);
        const DataSpec spec = panel.dataSpec();
        QCOMPARE(spec.counts.validation, 4);
        QCOMPARE(spec.counts.test, 2);
        QCOMPARE(toQString(spec.root), toQString(dir / "data"));
    }

    void tooFewImagesShowsAMessageNotACrash() {
        TempDir dir;
        writeSmallDemo(dir / "data", 20, DatasetLayout::ClassFolders);
        DataPanel panel;
        QVERIFY(scanInto(panel, dir / "data", {15, 5, 5}, 1));
        QVERIFY(panel.dataset());
        QVERIFY(!panel.split());
        const auto* message = messageOf(panel);
        QVERIFY(message->isVisibleTo(&panel));
        QVERIFY(message->kind() == InlineMessage::Kind::Warning);
        QVERIFY2(message->text().contains(QStringLiteral("cat")), qPrintable(message->text()));
        const auto* model = tableModel(panel, "splitTable");
        QCOMPARE(cell(model, 0, SplitTableModel::AvailableColumn), QStringLiteral("20"));
        QCOMPARE(cell(model, 0, SplitTableModel::TrainColumn), QStringLiteral("—"));
        QVERIFY(model->index(0, 0).data(SplitTableModel::kTooFewRole).toBool());

        panel.findChild<QSpinBox*>(QStringLiteral("trainCount"))->setValue(10);
        QVERIFY(panel.split());
        QVERIFY(!message->isVisibleTo(&panel));
    }

    void missingFolderShowsAnError() {
        TempDir dir;
        DataPanel panel;
        QVERIFY(scanInto(panel, dir / "no-such-folder", {1, 1, 1}, 1));
        QVERIFY(!panel.dataset());
        QVERIFY(messageOf(panel)->kind() == InlineMessage::Kind::Error);
        QVERIFY2(messageOf(panel)->text().contains(QStringLiteral("not found")), qPrintable(messageOf(panel)->text()));

        std::filesystem::create_directories(dir / "empty");
        QVERIFY(scanInto(panel, dir / "empty", {1, 1, 1}, 1));
        QVERIFY(!panel.dataset());
        QVERIFY2(messageOf(panel)->text().contains(QStringLiteral("no images")), qPrintable(messageOf(panel)->text()));
    }

    void kaggleFlatFolderIsDetected() {
        TempDir dir;
        writeSmallDemo(dir / "train", 12, DatasetLayout::KaggleFlat);
        DataPanel panel;
        QVERIFY(scanInto(panel, dir / "train", {6, 3, 3}, 1));
        QCOMPARE(layoutText(panel.dataset()->layout), layoutText(DatasetLayout::KaggleFlat));
        QCOMPARE(layoutText(panel.dataSpec().layout),
                 layoutText(DatasetLayout::Auto));  // the user's choice stays "auto"
        const auto* combo = panel.findChild<QComboBox*>(QStringLiteral("layoutCombo"));
        QVERIFY2(combo->currentText().contains(QStringLiteral("Kaggle flat")), qPrintable(combo->currentText()));
        expectTableMatchesMakeSplit(panel, {6, 3, 3}, 1);
    }

    void scanRunnerReportsProgressUpToEveryFile() {
        TempDir dir;
        writeSmallDemo(dir / "data", 60, DatasetLayout::ClassFolders);  // 2 classes: 120 files
        DatasetScanRunner runner;
        QSignalSpy progress(&runner, &DatasetScanRunner::progress);
        QSignalSpy finished(&runner, &DatasetScanRunner::finished);
        runner.scan(dir / "data", DatasetLayout::Auto);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kScanTimeoutMs);
        QVERIFY(progress.count() >= 60);  // the bar moves in about a hundred steps
        QCOMPARE(progress.last().at(0).toLongLong(), 120);
        QCOMPARE(progress.last().at(1).toLongLong(), 120);
    }

    void newerScanSupersedesOlder() {
        TempDir dir;
        writeSmallDemo(dir / "a", 10, DatasetLayout::ClassFolders);
        writeSmallDemo(dir / "b", 12, DatasetLayout::KaggleFlat);
        DataPanel panel;
        QSignalSpy scanned(&panel, &DataPanel::datasetScanned);
        DataSpec spec;
        spec.root = dir / "a";
        spec.counts = {2, 2, 2};
        panel.setDataSpec(spec);
        QVERIFY(panel.isScanning());
        spec.root = dir / "b";
        panel.setDataSpec(spec);
        QTRY_VERIFY_WITH_TIMEOUT(!scanned.isEmpty(), kScanTimeoutMs);
        QVERIFY(!panel.isScanning());
        QCOMPARE(scanned.count(), 1);  // a's result was dropped
        QCOMPARE(toQString(panel.dataset()->root), toQString(dir / "b"));
        QCOMPARE(layoutText(panel.dataset()->layout), layoutText(DatasetLayout::KaggleFlat));
    }

    void sameFolderResplitsAndRescanReadsItAgain() {
        TempDir dir;
        writeSmallDemo(dir / "data", 10, DatasetLayout::ClassFolders);
        DataPanel panel;
        QVERIFY(scanInto(panel, dir / "data", {5, 2, 2}, 1));
        DataSpec spec = panel.dataSpec();
        spec.counts.train = 4;
        panel.setDataSpec(spec);
        QVERIFY(!panel.isScanning());  // same folder and layout: a new split only
        QCOMPARE(cell(tableModel(panel, "splitTable"), 0, SplitTableModel::TrainColumn), QStringLiteral("4"));

        tl::test::writeSolidPng(dir / "data" / "cat" / "extra.png", 16, 16, Qt::gray);
        QSignalSpy scanned(&panel, &DataPanel::datasetScanned);
        panel.rescan();
        QTRY_VERIFY_WITH_TIMEOUT(!scanned.isEmpty(), kScanTimeoutMs);
        QCOMPARE(cell(tableModel(panel, "splitTable"), 0, SplitTableModel::AvailableColumn), QStringLiteral("11"));
    }

    void thousandsOfImagesLoadOnlyWhatIsVisible() {
        TempDir dir;
        DemoDatasetOptions options;
        options.perClass = 1000;
        options.size = 8;
        writeDemoDataset(dir / "data", options);
        DataPanel panel;
        panel.resize(1200, 800);
        panel.show();
        QVERIFY(scanInto(panel, dir / "data", {1000, 0, 0}, 1));
        QCOMPARE(panel.dataset()->unsplit.size(), std::size_t{2000});
        auto* view = panel.findChild<QListView*>(QStringLiteral("thumbnailView"));
        auto* model = qobject_cast<ThumbnailModel*>(view->model());
        QVERIFY(model);
        QCOMPARE(model->rowCount(), 2000);  // the train split of both classes
        QTRY_VERIFY_WITH_TIMEOUT(model->index(0).data(ThumbnailModel::IsLoadedRole).toBool(), 30000);
        // About one screenful was decoded (the view also peeks at the last row), not 2,000 images.
        QVERIFY2(model->loader().queuedTotal() < 200, qPrintable(QString::number(model->loader().queuedTotal())));
        QVERIFY(!model->index(1000).data(ThumbnailModel::IsLoadedRole).toBool());
    }

    // Not a check: with TRANSFERLAB_SCREENSHOT_DIR set, saves pictures of the panel for a person
    // to look at (run under Xvfb for the platform's real style and fonts).
    void saveScreenshotsWhenAsked() {
        const QString folder = qEnvironmentVariable("TRANSFERLAB_SCREENSHOT_DIR");
        if (folder.isEmpty()) QSKIP("TRANSFERLAB_SCREENSHOT_DIR not set");
        TempDir dir;
        DemoDatasetOptions options;
        options.perClass = 300;
        writeDemoDataset(dir / "dogs-vs-cats", options);
        tl::test::writeBytes(dir / "dogs-vs-cats" / "cat" / "cat.empty.jpg", "");
        tl::test::writeBytes(dir / "dogs-vs-cats" / "dog" / "README.jpg", "not a photo");
        DataPanel panel;
        panel.resize(1400, 860);
        panel.show();
        QVERIFY(scanInto(panel, dir / "dogs-vs-cats", {200, 50, 50}, 1));
        auto* view = panel.findChild<QListView*>(QStringLiteral("thumbnailView"));
        auto* model = qobject_cast<ThumbnailModel*>(view->model());
        // Wait until every cell on screen has its thumbnail.
        const QModelIndex last = view->indexAt(QPoint(view->viewport()->width() - 70, view->viewport()->height() - 70));
        QVERIFY(last.isValid());
        const auto screenLoaded = [&] {
            for (int row = 0; row <= last.row(); ++row) {
                if (!model->index(row).data(ThumbnailModel::IsLoadedRole).toBool()) return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(screenLoaded(), 30000);
        QVERIFY(panel.grab().save(folder + QStringLiteral("/data-panel.png")));
        panel.findChild<QSpinBox*>(QStringLiteral("trainCount"))->setValue(280);
        QCoreApplication::sendPostedEvents();  // lay out the message and labels before the picture
        QVERIFY(panel.grab().save(folder + QStringLiteral("/data-panel-too-few.png")));
    }
};

int runDataPanelTests(int argc, char** argv) {
    DataPanelTest test;
    return QTest::qExec(&test, argc, argv);
}

}  // namespace tl::ui::test

#include "DataPanelTest.moc"
