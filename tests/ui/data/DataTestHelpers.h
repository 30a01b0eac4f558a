#pragma once
#include <QString>
#include <filesystem>

#include "core/data/Dataset.h"
#include "core/data/DatasetSplitter.h"

class QColor;

namespace tl::ui {
class DataPanel;
}

namespace tl::test {

/// A demo set under `root` with small images (16 px) so tests stay fast.
void writeSmallDemo(const std::filesystem::path& root, int perClass, DatasetLayout layout);

/// Writes a `width` x `height` PNG of one colour.
void writeSolidPng(const std::filesystem::path& file, int width, int height, const QColor& colour);

/// Shows `root` with `counts` and `seed` in `panel` and waits until its scan is reported.
/// Returns false (and the test fails) when no scan finished in time.
bool scanInto(ui::DataPanel& panel, const std::filesystem::path& root, const SplitCounts& counts, std::uint64_t seed,
              DatasetLayout layout = DatasetLayout::Auto);

}  // namespace tl::test

namespace tl::ui::test {
/// QtTest entry points, one per test class (main.cpp runs them all).
int runDataPanelTests(int argc, char** argv);
int runThumbnailModelTests(int argc, char** argv);
}  // namespace tl::ui::test
