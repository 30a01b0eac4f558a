// transferlab: the window. `transferlab` opens the built-in demo project; `transferlab PATH`
// opens a dataset folder or an experiment file.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include "core/training/DemoExperiment.h"
#include "core/util/Version.h"
#include "ui/app/MainWindow.h"
#include "ui/app/ScreenshotTour.h"
#include "ui/common/PathText.h"

int main(int argc, char** argv) {
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("transferlab"));
    QApplication::setApplicationDisplayName(QStringLiteral("Transfer Lab"));
    QApplication::setApplicationVersion(QString::fromUtf8(tl::version().data(), static_cast<qsizetype>(tl::version().size())));
    QApplication::setDesktopFileName(QStringLiteral("transferlab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/transferlab.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Transfer Lab: transfer learning on small image sets, live."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("a dataset folder or an experiment file (default: the demo project)"));
    QCommandLineOption demoFolder(QStringLiteral("demo-dir"), QStringLiteral("where the demo project lives"), QStringLiteral("dir"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("save a PNG of each tab into DIR once the window is shown, then quit"),
                                  QStringLiteral("dir"));
    parser.addOption(demoFolder);
    parser.addOption(screenshot);
    parser.process(application);

    tl::ui::MainWindow window;
    window.show();
    const auto paths = parser.positionalArguments();
    if (paths.isEmpty() || !window.openPath(paths.first())) {
        window.openDemo(parser.isSet(demoFolder) ? tl::ui::toPath(parser.value(demoFolder)) : tl::defaultDemoFolder());
    }
    if (parser.isSet(screenshot)) (new tl::ui::ScreenshotTour(&window, parser.value(screenshot)))->start();
    return QApplication::exec();
}
