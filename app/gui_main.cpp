// transferlab: the window. `transferlab` opens the offline lesson; `transferlab PATH` opens a
// dataset folder or an experiment file; `--demo-dir DIR` the small demo project.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/lesson/LessonPlan.h"
#include "core/training/DemoExperiment.h"
#include "core/util/Version.h"
#include "ui/app/MainWindow.h"
#include "ui/app/ScreenshotTour.h"
#include "ui/common/PathText.h"

namespace {

/// Call after creating the application object.
void describeApplication() {
    QCoreApplication::setApplicationName(QStringLiteral("transferlab"));
    QCoreApplication::setApplicationVersion(
        QString::fromUtf8(tl::version().data(), static_cast<qsizetype>(tl::version().size())));
}

/// The window's options; `process` prints --help or --version and exits.
struct Options {
    QCommandLineParser parser;
    QCommandLineOption demoFolder{QStringLiteral("demo-dir"), QStringLiteral("where the demo project lives"),
                                  QStringLiteral("dir")};
    QCommandLineOption lessonFolder{QStringLiteral("lesson-dir"),
                                    QStringLiteral("where the lesson's images and runs live"), QStringLiteral("dir")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QStringLiteral("save a PNG of each tab into DIR once the window is shown, then quit"),
                                  QStringLiteral("dir")};

    Options() {
        parser.setApplicationDescription(QStringLiteral("Transfer Lab: transfer learning on small image sets, live."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addPositionalArgument(
            QStringLiteral("path"),
            QStringLiteral("a dataset folder, an experiment file or a run folder (default: the lesson)"));
        parser.addOption(lessonFolder);
        parser.addOption(demoFolder);
        parser.addOption(screenshot);
    }
};

/// --help and --version need no window, so they work without a display.
bool asksOnlyForText(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        for (const char* flag : {"-h", "--help", "--help-all", "-?", "-v", "--version"}) {
            if (std::strcmp(argv[i], flag) == 0) return true;
        }
    }
    return false;
}

bool hasDisplay() {
    for (const char* variable : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        const char* value = std::getenv(variable);
        if (value != nullptr && *value != '\0') return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    if (asksOnlyForText(argc, argv)) {
        QCoreApplication application(argc, argv);
        describeApplication();
        Options options;
        options.parser.process(application);  // prints and exits
        return 0;
    }
    if (!hasDisplay()) {
        std::fprintf(stderr,
                     "transferlab: no display found (DISPLAY is not set). The window needs one; "
                     "transferlab-cli runs the same experiments in a terminal (try: transferlab-cli lesson).\n");
        return 1;
    }
    QApplication application(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Transfer Lab"));
    QApplication::setDesktopFileName(QStringLiteral("transferlab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/transferlab.svg")));

    Options options;
    options.parser.process(application);

    tl::ui::MainWindow window;
    window.show();
    const auto paths = options.parser.positionalArguments();
    if (paths.isEmpty() || !window.openPath(paths.first())) {
        if (options.parser.isSet(options.demoFolder)) {
            window.openDemo(tl::ui::toPath(options.parser.value(options.demoFolder)));
        } else {
            window.openLesson(options.parser.isSet(options.lessonFolder)
                                  ? tl::ui::toPath(options.parser.value(options.lessonFolder))
                                  : tl::defaultLessonFolder());
        }
    }
    if (options.parser.isSet(options.screenshot)) {
        (new tl::ui::ScreenshotTour(&window, options.parser.value(options.screenshot)))->start();
    }
    return QApplication::exec();
}
