// The thumbnail model answers at once with a placeholder and delivers real thumbnails later,
// decoding only what was asked for.
#include <QColor>
#include <QPixmap>
#include <QSignalSpy>
#include <QTest>

#include "DataTestHelpers.h"
#include "support/TempDir.h"
#include "ui/data/ThumbnailLoader.h"
#include "ui/data/ThumbnailModel.h"

namespace tl::ui::test {
namespace {

std::vector<Sample> writeSamples(const tl::test::TempDir& dir, int count) {
    std::vector<Sample> samples;
    for (int i = 0; i < count; ++i) {
        const auto file = dir / ("img" + std::to_string(i) + ".png");
        tl::test::writeSolidPng(file, 40, 30, QColor(200, 20 + i, 30));
        samples.push_back({file, i % 2});
    }
    return samples;
}

}  // namespace

class ThumbnailModelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decorationIsPlaceholderThenThumbnail() {
        tl::test::TempDir dir;
        ThumbnailModel model;
        model.setSamples(writeSamples(dir, 6), {"cat", "dog"});
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.loader().queuedTotal(), 0);  // nothing decoded before a view asks

        const QModelIndex first = model.index(0);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(!first.data(ThumbnailModel::IsLoadedRole).toBool());
        const auto placeholder = first.data(Qt::DecorationRole).value<QPixmap>();
        QCOMPARE(placeholder.size(), QSize(model.edge(), model.edge()));
        QVERIFY(placeholder.toImage().pixelColor(model.edge() / 2, model.edge() / 2) != QColor(200, 20, 30));

        QTRY_VERIFY_WITH_TIMEOUT(first.data(ThumbnailModel::IsLoadedRole).toBool(), 30000);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(changed.first().at(0).value<QModelIndex>(), first);
        const QImage thumbnail = first.data(Qt::DecorationRole).value<QPixmap>().toImage();
        QCOMPARE(thumbnail.size(), QSize(model.edge(), model.edge()));
        QCOMPARE(thumbnail.pixelColor(model.edge() / 2, model.edge() / 2), QColor(200, 20, 30));

        // Only the row that was asked for was decoded.
        QCOMPARE(model.loader().queuedTotal(), 1);
        QVERIFY(!model.index(1).data(ThumbnailModel::IsLoadedRole).toBool());
    }

    void keepsThumbnailsAcrossSetSamples() {
        tl::test::TempDir dir;
        const auto samples = writeSamples(dir, 3);
        ThumbnailModel model;
        model.setSamples(samples, {"cat", "dog"});
        model.index(2).data(Qt::DecorationRole);
        QTRY_VERIFY_WITH_TIMEOUT(model.index(2).data(ThumbnailModel::IsLoadedRole).toBool(), 30000);
        model.setSamples({samples[2]}, {"cat", "dog"});
        QVERIFY(model.index(0).data(ThumbnailModel::IsLoadedRole).toBool());
        QCOMPARE(model.loader().queuedTotal(), 1);
    }

    void unreadableFileGetsAMarkInsteadOfRetrying() {
        tl::test::TempDir dir;
        const auto broken = dir / "broken.jpg";
        tl::test::writeSolidPng(dir / "tmp.png", 4, 4, Qt::red);
        std::filesystem::rename(dir / "tmp.png", broken);
        std::filesystem::resize_file(broken, 10);
        ThumbnailModel model;
        model.setSamples({{broken, 0}}, {"cat"});
        model.index(0).data(Qt::DecorationRole);
        QTRY_VERIFY_WITH_TIMEOUT(model.index(0).data(ThumbnailModel::IsLoadedRole).toBool(), 30000);
        model.index(0).data(Qt::DecorationRole);
        QCOMPARE(model.loader().queuedTotal(), 1);
    }

    void tooltipNamesFileAndLabel() {
        tl::test::TempDir dir;
        ThumbnailModel model;
        model.setSamples(writeSamples(dir, 2), {"cat", "dog"});
        const QString tip = model.index(1).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("img1.png")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("dog")), qPrintable(tip));
        QCOMPARE(model.index(1).data(ThumbnailModel::LabelRole).toString(), QStringLiteral("dog"));
        QCOMPARE(model.index(1).data(Qt::DisplayRole).toString(), QStringLiteral("img1.png"));
    }

    void decodeLetterboxesIntoASquare() {
        tl::test::TempDir dir;
        tl::test::writeSolidPng(dir / "wide.png", 200, 100, QColor(10, 200, 10));
        const QImage image = ThumbnailLoader::decode(QString::fromStdString((dir / "wide.png").string()), 64);
        QCOMPARE(image.size(), QSize(64, 64));
        QCOMPARE(image.pixelColor(32, 32), QColor(10, 200, 10));
        QCOMPARE(image.pixelColor(32, 2).alpha(), 0);  // above the 64x32 picture: transparent
        QVERIFY(ThumbnailLoader::decode(QStringLiteral("/nonexistent/file.png"), 64).isNull());
    }
};

int runThumbnailModelTests(int argc, char** argv) {
    ThumbnailModelTest test;
    return QTest::qExec(&test, argc, argv);
}

}  // namespace tl::ui::test

#include "ThumbnailModelTest.moc"
