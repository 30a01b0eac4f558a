// The weights chooser's import: a file the catalogue does not know is refused with a reason and
// nothing lands in the cache; the buttons follow what is on this machine.
#include <QCheckBox>
#include <QPushButton>
#include <QTest>
#include <filesystem>

#include "support/TempHome.h"
#include "ui/common/InlineMessage.h"
#include "ui/common/PathText.h"
#include "ui/model/WeightsSelector.h"

using tl::ui::InlineMessage;
using tl::ui::WeightsSelector;

class WeightsSelectorTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void missingWeightsOfferDownloadAndImport() {
        tl::test::TempHome home;
        WeightsSelector selector;
        selector.setBackbone("squeezenet1_1");
        selector.setWeights("imagenet");
        selector.show();
        auto* import = selector.findChild<QPushButton*>(QStringLiteral("importWeights"));
        QVERIFY(import);
        QVERIFY(import->isVisible());
        const auto* status = selector.findChild<InlineMessage*>(QStringLiteral("weightsStatus"));
        QVERIFY(status);
        QVERIFY(status->kind() == InlineMessage::Kind::Warning);
    }

    void aWeightsFileCanBeLoadedNonStrict() {
        WeightsSelector selector;
        selector.show();
        auto* nonStrict = selector.findChild<QCheckBox*>(QStringLiteral("nonStrictWeights"));
        QVERIFY(nonStrict);
        selector.setWeights("random");
        QVERIFY(!nonStrict->isVisible());  // only a file can be loaded in part
        selector.setWeights("/somewhere/resnet18.pth");
        QVERIFY(nonStrict->isVisible());
        QVERIFY(selector.strict());
        nonStrict->setChecked(true);
        QVERIFY(!selector.strict());
        selector.setStrict(true);
        QVERIFY(!nonStrict->isChecked());
    }

    void anUnknownFileIsRefusedAndNothingIsCopied() {
        tl::test::TempHome home;
        WeightsSelector selector;
        selector.setBackbone("squeezenet1_1");
        selector.setWeights("imagenet");
        const auto file = tl::test::TempHome::put(home.folder.path(), "my-weights.pth", "not a published file");
        selector.importFile(tl::ui::toQString(file));
        QTRY_VERIFY_WITH_TIMEOUT(!selector.isDownloading(), 30000);
        const auto* status = selector.findChild<InlineMessage*>(QStringLiteral("weightsStatus"));
        QVERIFY(status->kind() == InlineMessage::Kind::Error);
        QVERIFY2(status->text().startsWith(QStringLiteral("Import failed")), qPrintable(status->text()));
        QVERIFY(!std::filesystem::exists(home.app) || std::filesystem::is_empty(home.app));
    }
};

QTEST_MAIN(WeightsSelectorTest)
#include "WeightsSelectorTest.moc"
