#pragma once
#include <QObject>
#include <QString>

namespace tl::ui {

class MainWindow;

/// Walks the window through the lesson and saves a PNG of each step into a folder (for the
/// documentation): the data tab, the model tab, then a whole run with its live charts and the
/// augmentation preview. Quits the application when done; exit code 1 if a file could not be
/// written or the run failed.
class ScreenshotTour : public QObject {
    Q_OBJECT
public:
    ScreenshotTour(MainWindow* window, QString folder);
    /// Starts once the event loop runs.
    void start();

private:
    void capture(const QString& name);
    void captureBeforeRun();
    void finish(int exitCode);

    MainWindow* window_;
    QString folder_;
    bool failed_ = false;
};

}  // namespace tl::ui
