#include "DataTestHelpers.h"

#include <QColor>
#include <QImage>
#include <QSignalSpy>
#include <QTest>

#include "core/data/DemoDataset.h"
#include "ui/common/PathText.h"
#include "ui/data/DataPanel.h"

namespace tl::test {

void writeSmallDemo(const std::filesystem::path& root, int perClass, DatasetLayout layout) {
    DemoDatasetOptions options;
    options.perClass = perClass;
    options.layout = layout;
    options.size = 16;
    writeDemoDataset(root, options);
}

void writeSolidPng(const std::filesystem::path& file, int width, int height, const QColor& colour) {
    std::filesystem::create_directories(file.parent_path());
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(colour);
    image.save(ui::toQString(file), "PNG");
}

bool scanInto(ui::DataPanel& panel, const std::filesystem::path& root, const SplitCounts& counts, std::uint64_t seed,
              DatasetLayout layout) {
    QSignalSpy scanned(&panel, &ui::DataPanel::datasetScanned);
    DataSpec spec;
    spec.root = root;
    spec.layout = layout;
    spec.counts = counts;
    spec.splitSeed = seed;
    panel.setDataSpec(spec);
    // A generous bound for busy machines; a scan of tens of files takes milliseconds.
    return QTest::qWaitFor([&] { return scanned.count() > 0; }, 60000);
}

}  // namespace tl::test
