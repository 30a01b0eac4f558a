// One executable for the charts library's QtTest classes (each file has a run function).
#include <QApplication>

int runCurveSmootherTests(int argc, char** argv);
int runChartsPanelTests(int argc, char** argv);
int runCurveDecimatorTests(int argc, char** argv);
int runAugmentationPreviewTests(int argc, char** argv);
int runChartsScreenshots(int argc, char** argv);

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    int failures = 0;
    failures += runCurveSmootherTests(argc, argv);
    failures += runChartsPanelTests(argc, argv);
    failures += runCurveDecimatorTests(argc, argv);
    failures += runAugmentationPreviewTests(argc, argv);
    failures += runChartsScreenshots(argc, argv);  // skipped unless TRANSFERLAB_SCREENSHOT_DIR is set
    return failures == 0 ? 0 : 1;
}
