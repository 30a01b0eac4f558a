// The window's one message style: a short sentence first, the rest on demand; background jobs
// where the newest request wins.
#include <QObject>
#include <QSignalSpy>
#include <QTest>
#include <atomic>
#include <chrono>
#include <thread>

#include "ui/common/InlineMessage.h"
#include "ui/common/LatestJob.h"
#include "ui/common/MessageText.h"

using tl::ui::InlineMessage;
using tl::ui::LatestJob;
using tl::ui::MessageText;

class MessageTextTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aShortMessageIsItsOwnHeadline() {
        const auto message = MessageText::from(QStringLiteral("no images in /data"));
        QCOMPARE(message.headline, QStringLiteral("No images in /data"));
        QVERIFY(message.details.isEmpty());
    }

    void aLeadingFileOrIdentifierKeepsItsSpelling() {
        QCOMPARE(MessageText::from(QStringLiteral("mini_vgg-shapes60.pth, 2.4 MB")).headline,
                 QStringLiteral("mini_vgg-shapes60.pth, 2.4 MB"));
        QCOMPARE(MessageText::from(QStringLiteral("resnet50: torchvision weights")).headline,
                 QStringLiteral("resnet50: torchvision weights"));
        QVERIFY(MessageText::from(QStringLiteral("mini_vgg: ok")).details.isEmpty());
    }

    void aLongMessageKeepsItsFirstSentencesAndPutsTheRestInDetails() {
        QString list;
        for (int i = 0; i < 135; ++i) list += QStringLiteral("features.%1.weight [64, 3, 3, 3], ").arg(i);
        const QString text = QStringLiteral(
                                 "/w/squeezenet.pth holds squeezenet1_1 weights, not mobilenet_v2 ones; "
                                 "nothing was loaded. Choose squeezenet1_1 as the backbone. 135 missing: ") +
                             list;
        const auto message = MessageText::from(text);
        QVERIFY2(message.headline.size() <= MessageText::kHeadlineLimit + 2, qPrintable(message.headline));
        QVERIFY2(message.headline.endsWith(QStringLiteral("as the backbone.")), qPrintable(message.headline));
        QCOMPARE(message.details, text.trimmed());
    }

    void otherLinesGoToDetails() {
        const auto message = MessageText::from(QStringLiteral("the run failed\nsecond line"));
        QCOMPARE(message.headline, QStringLiteral("The run failed"));
        QCOMPARE(message.details, QStringLiteral("the run failed\nsecond line"));
    }

    void theInlineMessageNeverWidensItsPanel() {
        InlineMessage message;
        message.showMessage(InlineMessage::Kind::Error, QStringLiteral("/a/") + QString(2000, QLatin1Char('x')));
        QVERIFY(message.hasDetails());
        QVERIFY(message.sizePolicy().horizontalPolicy() == QSizePolicy::Ignored);
        QVERIFY2(message.minimumSizeHint().width() < 400,
                 qPrintable(QString::number(message.minimumSizeHint().width())));
        QCOMPARE(message.text().size(), 2003);
    }

    void theNewestRequestWinsAndASupersededJobIsAskedToStop() {
        QList<int> delivered, superseded;
        LatestJob<int> jobs([&](const int& value) { delivered << value; },
                            [&](const int& value) { superseded << value; });
        std::atomic<bool> firstStarted{false}, firstSawStop{false};
        jobs.submit([&](const std::atomic<bool>& stop) {
            firstStarted = true;
            while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            firstSawStop = true;
            return 1;
        });
        QTRY_VERIFY(firstStarted.load());
        jobs.submit([](const std::atomic<bool>&) { return 2; });  // waits, then is replaced
        jobs.submit([](const std::atomic<bool>&) { return 3; });
        QVERIFY(jobs.isBusy());
        QTRY_VERIFY(!jobs.isBusy());
        QVERIFY(firstSawStop.load());
        QCOMPARE(delivered, QList<int>{3});
        QCOMPARE(superseded, QList<int>{1});
    }
};

QTEST_MAIN(MessageTextTest)
#include "MessageTextTest.moc"
