#pragma once
#include <QComboBox>
#include <filesystem>
#include <string>
#include <vector>

namespace tl::ui {

/// "Start from run": the finished runs under a runs folder, newest first, each with its regime,
/// status (interrupted when its process died) and validation accuracy. Runs of another backbone
/// or other classes are marked. Preselects, in order: the run the experiment names, the run the
/// user picked, the newest compatible run, the newest run. GUI thread only.
class SourceRunBox : public QComboBox {
    Q_OBJECT
public:
    explicit SourceRunBox(QWidget* parent = nullptr);

    void setRunsRoot(const std::filesystem::path& runsRoot);
    /// The backbone and classes of the model now set up; refreshes when they change.
    void setModelIdentity(const std::string& backbone, const std::vector<std::string>& classes);
    /// The run an experiment names (fine-tune's init_from_run); empty forgets it and the user's pick.
    void setNamedRun(const std::filesystem::path& run);
    /// Lists the runs again (after a run ends).
    void refresh();

    std::filesystem::path currentRun() const;

private:
    std::filesystem::path runsRoot_;
    std::filesystem::path namedRun_;
    QString pickedRun_;  ///< the run the user chose, kept across refreshes
    std::string backbone_;
    std::vector<std::string> classes_;
};

}  // namespace tl::ui
