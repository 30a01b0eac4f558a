// The augmentation preview renders core's Augmenter off the GUI thread; these tests wait for it
// with QTRY (no fixed sleeps).
#include <QImage>
#include <QObject>
#include <QTest>
#include <filesystem>

#include "core/data/Augmenter.h"
#include "core/data/ImageWriter.h"
#include "support/TempDir.h"
#include "support/TestImages.h"
#include "ui/charts/AugmentationPreview.h"

using tl::ui::AugmentationPreview;

namespace {

QImage toQImage(const tl::RgbImage& image) {
    return QImage(image.pixels.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888).copy();
}

int countEqualTo(const QList<QImage>& images, const QImage& reference) {
    int equal = 0;
    for (const QImage& image : images) equal += image == reference ? 1 : 0;
    return equal;
}

}  // namespace

class AugmentationPreviewTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        // A broken file first: the preview must skip to the first image that decodes.
        tl::test::writeBytes(dir_ / "0-broken.jpg", "");
        first_ = tl::test::gradientImage(150, 150, 1);
        second_ = tl::test::gradientImage(150, 150, 2);
        tl::writeImage(dir_ / "1-first.png", first_);
        tl::writeImage(dir_ / "2-second.png", second_);
        files_ = {dir_ / "0-broken.jpg", dir_ / "1-first.png", dir_ / "2-second.png"};
    }

    void parametersOffShowTheSourceEightTimes() {
        AugmentationPreview preview;
        preview.show();
        preview.setImages(files_);
        preview.setParameters(tl::AugmentationParams{}, 42);
        QTRY_VERIFY(preview.isUpToDate());
        QVERIFY2(preview.message().isEmpty(), qPrintable(preview.message()));
        QCOMPARE(preview.sourceImage(), toQImage(first_));
        QCOMPARE(preview.augmentedImages().size(), AugmentationPreview::kTileCount);
        QCOMPARE(countEqualTo(preview.augmentedImages(), preview.sourceImage()), AugmentationPreview::kTileCount);
    }

    void classicParametersChangeTheImages() {
        AugmentationPreview preview;
        preview.show();
        preview.setImages(files_);
        preview.setParameters(tl::AugmentationParams::classic(), 42);
        QTRY_VERIFY(preview.isUpToDate());
        QVERIFY2(preview.message().isEmpty(), qPrintable(preview.message()));
        const QList<QImage> tiles = preview.augmentedImages();
        QCOMPARE(tiles.size(), AugmentationPreview::kTileCount);
        QCOMPARE(countEqualTo(tiles, preview.sourceImage()), 0);
        QVERIFY(tiles[0] != tiles[1]);

        preview.reshuffle();
        QTRY_VERIFY(preview.isUpToDate());
        QCOMPARE(preview.augmentedImages().size(), AugmentationPreview::kTileCount);
        QVERIFY(preview.augmentedImages()[0] != tiles[0]);

        preview.showNextImage();
        QTRY_VERIFY(preview.isUpToDate());
        QCOMPARE(preview.sourceImage(), toQImage(second_));
        preview.showNextImage();  // wraps around, past the broken file
        QTRY_VERIFY(preview.isUpToDate());
        QCOMPARE(preview.sourceImage(), toQImage(first_));
    }

    void invalidParametersShowAMessage() {
        AugmentationPreview preview;
        preview.show();
        preview.setImages(files_);
        tl::AugmentationParams params = tl::AugmentationParams::classic();
        params.zoomRange = 1.0;
        preview.setParameters(params, 1);
        QVERIFY(preview.message().contains("zoom"));
        QTRY_VERIFY(preview.isUpToDate());
        QVERIFY(preview.message().contains("zoom"));
        QVERIFY(preview.augmentedImages().isEmpty());

        preview.setParameters(tl::AugmentationParams::classic(), 1);  // fixed: images come back
        QTRY_VERIFY(preview.isUpToDate());
        QVERIFY2(preview.message().isEmpty(), qPrintable(preview.message()));
        QCOMPARE(preview.augmentedImages().size(), AugmentationPreview::kTileCount);
    }

    void noImagesShowAMessage() {
        AugmentationPreview preview;
        preview.setImages({});
        QTRY_VERIFY(preview.isUpToDate());
        QVERIFY(!preview.message().isEmpty());
        QVERIFY(preview.sourceImage().isNull());

        preview.setImages({dir_ / "0-broken.jpg"});
        QTRY_VERIFY(preview.isUpToDate());
        QVERIFY2(preview.message().contains("0-broken.jpg"), qPrintable(preview.message()));
    }

    void toolTipsNameKerasParameters() {
        QVERIFY(
            AugmentationPreview::parameterToolTip(AugmentationPreview::Parameter::Rotation).contains("rotation_range"));
        QVERIFY(AugmentationPreview::parameterToolTip(AugmentationPreview::Parameter::Zoom).contains("zoom_range"));
    }

private:
    tl::test::TempDir dir_;
    tl::RgbImage first_;
    tl::RgbImage second_;
    std::vector<std::filesystem::path> files_;
};

int runAugmentationPreviewTests(int argc, char** argv) {
    AugmentationPreviewTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "AugmentationPreviewTest.moc"
