// The model panel's "What It Sees" probe: a dropped image file is classified by a pretrained
// backbone with its own ImageNet classifier (weights written by torchvision), and the classes
// shown are the ones torchvision finds. Skipped without Debian's python3-torch / -torchvision.
#include <QApplication>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>
#include <fstream>

#include "core/data/ImageWriter.h"
#include "core/data/ImagenetLabels.h"
#include "core/data/LessonWorld.h"
#include "core/lesson/LessonPlan.h"
#include "support/TempDir.h"
#include "support/TempHome.h"
#include "support/WeightsFixtures.h"
#include "ui/model/ImagenetProbe.h"

using tl::ui::ImagenetProbe;

class ImagenetProbeTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void droppedImageShowsTheClassesTorchvisionFinds();
    void randomWeightsAndBadImagesGiveAMessage();
    void missingWeightsOfferADownloadAndARetry();
    void theLessonsBackboneNamesItsSourceShapes();
};

namespace {

/// Drops `file` on `widget` as a file manager would.
void dropFile(QWidget& widget, const QString& file) {
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file)});
    const QPoint centre = widget.rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&widget, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&widget, &drop);
}

}  // namespace

void ImagenetProbeTest::droppedImageShowsTheClassesTorchvisionFinds() {
    tl::test::WeightsFixtures fixtures({"resnet18", "photo"});
    if (!fixtures.skipReason().empty()) QSKIP(fixtures.skipReason().c_str());
    QVERIFY(fixtures.ok());
    ImagenetProbe probe;
    probe.setModel("resnet18", (fixtures / "resnet18.pth").string());
    QSignalSpy classified(&probe, &ImagenetProbe::classified);
    dropFile(probe, QString::fromStdString((fixtures / "photo.png").string()));
    QVERIFY(probe.isBusy());
    QVERIFY(classified.wait(60000));
    QCOMPARE(probe.results().size(), 5);
    std::ifstream expected(fixtures / "photo.top5.txt");
    for (const auto& [label, probability] : probe.results()) {
        int index = -1;
        double expectedProbability = 0.0;
        QVERIFY(static_cast<bool>(expected >> index >> expectedProbability));
        QCOMPARE(label.toStdString(), tl::imagenetLabels().at(static_cast<std::size_t>(index)));
        QVERIFY(std::abs(probability - expectedProbability) < 1e-5);
    }
    QVERIFY2(probe.message().contains(QStringLiteral("torchvision")), qPrintable(probe.message()));

    // The second image reuses the loaded network.
    probe.classifyImage(QString::fromStdString((fixtures / "photo.png").string()));
    QVERIFY(classified.wait(60000));
    QCOMPARE(probe.results().size(), 5);
}

// The lesson's mini_vgg ships with the classifier of its pretraining: a dropped source image is
// named by its shape and pattern.
void ImagenetProbeTest::theLessonsBackboneNamesItsSourceShapes() {
    tl::test::TempDir folder;
    std::mt19937_64 random(7);
    const int index = 17;  // star-dots
    const auto file = folder / "shape.png";
    tl::writeImage(file, tl::drawSourceImage(index, random));
    ImagenetProbe probe;
    probe.setModel("mini_vgg", tl::lessonWeightsFile().string());
    QSignalSpy classified(&probe, &ImagenetProbe::classified);
    dropFile(probe, QString::fromStdString(file.string()));
    QVERIFY(classified.wait(60000));
    QCOMPARE(probe.results().size(), 5);
    QCOMPARE(probe.results().front().first.toStdString(), tl::lessonSourceClasses()[index]);
    QVERIFY2(probe.message().startsWith(QStringLiteral("mini_vgg")), qPrintable(probe.message()));
}

void ImagenetProbeTest::randomWeightsAndBadImagesGiveAMessage() {
    tl::test::WeightsFixtures fixtures({"squeezenet1_1"});
    if (!fixtures.skipReason().empty()) QSKIP(fixtures.skipReason().c_str());
    QVERIFY(fixtures.ok());
    ImagenetProbe probe;
    QSignalSpy classified(&probe, &ImagenetProbe::classified);
    const auto broken = QString::fromStdString((fixtures / "broken.jpg").string());
    std::ofstream(fixtures / "broken.jpg") << "not a jpeg";

    probe.setModel("squeezenet1_1", "random");
    probe.classifyImage(broken);
    QVERIFY(classified.wait(60000));
    QVERIFY(probe.results().isEmpty());
    QVERIFY2(probe.message().contains(QStringLiteral("pretrained")), qPrintable(probe.message()));

    probe.setModel("squeezenet1_1", (fixtures / "squeezenet_checkpoint.pth").string());
    probe.classifyImage(broken);
    QVERIFY(classified.wait(60000));
    QVERIFY(probe.results().isEmpty());
    QVERIFY2(probe.message().contains(QStringLiteral("broken.jpg")), qPrintable(probe.message()));
}

void ImagenetProbeTest::missingWeightsOfferADownloadAndARetry() {
    tl::test::WeightsFixtures fixtures({"squeezenet1_1", "resnet18", "photo"});
    if (!fixtures.skipReason().empty()) QSKIP(fixtures.skipReason().c_str());
    QVERIFY(fixtures.ok());
    tl::test::TempHome home;  // empty caches: the ImageNet file is nowhere
    ImagenetProbe probe;
    QSignalSpy classified(&probe, &ImagenetProbe::classified);
    QSignalSpy downloadRequested(&probe, &ImagenetProbe::downloadRequested);
    probe.setModel("squeezenet1_1", "imagenet");
    probe.classifyImage(QString::fromStdString((fixtures / "photo.png").string()));
    QVERIFY(classified.wait(60000));
    QVERIFY2(probe.message().contains(QStringLiteral("squeezenet1_1-b8a52dc0.pth")), qPrintable(probe.message()));
    QVERIFY(probe.offersDownload());
    auto* button = probe.findChild<QPushButton*>(QStringLiteral("downloadTopWeights"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(downloadRequested.size(), 1);
    QVERIFY(!probe.offersDownload());

    // A file arrives under the canonical name (not the published one: its digest differs). The
    // next setModel() classifies the same image again and says what is wrong with the file.
    std::filesystem::create_directories(home.hub);
    std::filesystem::copy_file(fixtures / "squeezenet_checkpoint.pth", home.hub / "squeezenet1_1-b8a52dc0.pth");
    probe.setModel("squeezenet1_1", "imagenet");
    QVERIFY(classified.wait(60000));
    QVERIFY2(probe.message().contains(QStringLiteral("not the published file")), qPrintable(probe.message()));
    QVERIFY(!probe.offersDownload());
}

QTEST_MAIN(ImagenetProbeTest)
#include "ImagenetProbeTest.moc"
