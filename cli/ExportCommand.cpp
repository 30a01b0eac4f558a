#include <optional>
#include <sstream>

#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "cli/ConsoleCallbacks.h"
#include "cli/ExperimentOptions.h"
#include "cli/InterruptGuard.h"
#include "core/inference/TorchScriptExport.h"
#include "core/report/RunReport.h"
#include "core/runs/RunFolder.h"
#include "core/util/Error.h"
#include "core/util/TextList.h"

namespace tl::cli {

int exportCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("export");
    parser.positional("RUN", "a run folder (made by train)")
        .option("--torchscript", "FILE",
                "the trained model as TorchScript, for torch.jit.load without Transfer Lab: float RGB images "
                "0..255 in, class probabilities out")
        .option("--metrics", "FILE", "the per-epoch metrics as CSV")
        .option("--report", "FILE",
                "the run as one self-contained HTML page: experiment, curves, and its evaluation on --split "
                "(confusion matrix, per-class scores, the most confidently wrong images)")
        .option("--split", "S", "the split the report evaluates: train, validation or test (default test)")
        .option("--threads", "N", "CPU threads for the report's evaluation (0: every core)")
        .option("--checkpoint", "C", kCheckpointHelp)
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;
    if (!parser.has("--torchscript") && !parser.has("--metrics") && !parser.has("--report")) {
        throw UsageError("export needs one or more of --torchscript FILE, --metrics FILE, --report FILE");
    }
    SplitName split = SplitName::Test;
    try {
        split = parseSplitName(parser.get("--split", "test"));
    } catch (const Error& error) {
        throw UsageError(std::string("--split: ") + error.what());
    }
    const auto checkpoint = checkpointOption(parser);
    const auto run = RunFolder::open(parser.positionals()[0]);
    std::ostringstream text;
    nlohmann::json result{{"run", run.path().string()}};
    if (parser.has("--torchscript")) {
        const auto exported = exportTorchScript(run.path(), parser.get("--torchscript"), checkpoint);
        text << "TorchScript model: " << exported.file.string() << "\n  " << run.describeCheckpoint(exported.checkpoint)
             << "\n  input: float32 (N, 3, " << exported.height << ", " << exported.width << "), RGB, 0..255 ("
             << exported.preprocessing << " preprocessing is inside)\n"
             << "  output: probabilities of " << commaList(exported.classes) << "\n"
             << "  load it: torch.jit.load(\"" << exported.file.filename().string() << "\")\n";
        result["torchscript"] = {{"file", exported.file.string()}, {"checkpoint", exported.checkpoint.string()},
                                 {"classes", exported.classes},    {"height", exported.height},
                                 {"width", exported.width},        {"preprocessing", exported.preprocessing}};
    }
    if (parser.has("--metrics")) {
        const std::filesystem::path out = parser.get("--metrics");
        run.copyMetricsTo(out);
        text << "metrics: " << out.string() << "\n";
        result["metrics"] = out.string();
    }
    if (parser.has("--report")) {
        const std::filesystem::path out = parser.get("--report");
        std::optional<Evaluation> evaluation;
        if (std::filesystem::exists(run.checkpointFile(checkpoint))) {
            InterruptGuard interrupts;
            TrainingControl control;
            evaluation = evaluateRun(run.path(), split, consoleCallbacks(console, 0, control), &control,
                                     parser.getInt("--threads").value_or(0), checkpoint);
            console.finishProgress();
            if (evaluation->stopped) evaluation.reset();
        }
        writeRunReport(run.path(), out, evaluation ? &*evaluation : nullptr);
        text << "report: " << out.string()
             << (evaluation ? " (with its " + std::string(toString(split)) + " split evaluated)"
                            : " (no evaluation: the run has no checkpoint, or it was interrupted)")
             << "\n";
        result["report"] = {{"file", out.string()}, {"evaluated", evaluation.has_value()}};
    }
    console.result(text.str(), result);
    return 0;
}

}  // namespace tl::cli
