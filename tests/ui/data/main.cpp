// Runs every QtTest class of the data panel in one executable (QApplication: widgets are tested).
#include <QApplication>

#include "DataTestHelpers.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    int failures = 0;
    failures += tl::ui::test::runThumbnailModelTests(argc, argv);
    failures += tl::ui::test::runDataPanelTests(argc, argv);
    return failures == 0 ? 0 : 1;
}
