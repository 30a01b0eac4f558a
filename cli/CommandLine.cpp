#include "cli/CommandLine.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "core/util/Error.h"
#include "core/util/UserMessage.h"
#include "core/util/Version.h"

namespace tl::cli {
namespace {

using Command = int (*)(const std::vector<std::string>&, Console&);

const std::map<std::string, Command>& commands() {
    static const std::map<std::string, Command> table = {
        {"dataset inspect", datasetInspectCommand},
        {"dataset split", datasetSplitCommand},
        {"model summary", modelSummaryCommand},
        {"extract", extractCommand},
        {"train", trainCommand},
        {"evaluate", evaluateCommand},
        {"predict", predictCommand},
        {"export", exportCommand},
        {"demo", demoCommand},
        {"lesson", lessonCommand},
        {"lesson pretrain", lessonPretrainCommand},
        {"weights list", weightsListCommand},
        {"weights fetch", weightsFetchCommand},
        {"weights import", weightsImportCommand},
        {"weights verify", weightsVerifyCommand},
        {"runs list", runsListCommand},
        {"runs show", runsShowCommand},
        {"runs compare", runsCompareCommand},
        {"bench", benchCommand},
    };
    return table;
}

constexpr const char* kOverview =
    "Transfer Lab: transfer learning on small image sets.\n"
    "\n"
    "usage: transferlab-cli COMMAND [arguments] [--json]\n"
    "\n"
    "commands:\n"
    "  demo                  train and evaluate on a generated demo image set (offline, about a minute)\n"
    "  lesson                the lecture's five experiments on a generated stand-in for dogs vs cats,\n"
    "                        with a backbone pretrained offline; prints the lecture's results table\n"
    "  lesson pretrain       regenerate the lesson's pretrained backbone from its seed\n"
    "  dataset inspect DIR   classes, image counts per split, unusable files and why\n"
    "  dataset split DIR     make the classic small subset (N per class), as a split file or folders\n"
    "  model summary         layers, output shapes, parameters, trainable or frozen\n"
    "  extract EXPERIMENT    run the frozen base once and save features as .npy\n"
    "  train EXPERIMENT      run an experiment file (flags override its fields)\n"
    "  evaluate RUN          loss, accuracy and confusion matrix of a run on a split\n"
    "  predict IMAGE...      classify images with a run's model (--run RUN), or name their ImageNet\n"
    "                        classes with a pretrained backbone (--imagenet --backbone B)\n"
    "  runs list             every run in ./runs (--runs DIR): regime, backbone, frozen layers, epochs,\n"
    "                        best validation and test accuracy, time, status\n"
    "  runs show RUN         one run's details and its epochs\n"
    "  runs compare RUN...   runs side by side, with their validation curves\n"
    "  export RUN            the trained model as TorchScript (--torchscript FILE), the metrics as CSV\n"
    "  weights list          ImageNet weights files: where each one is on this machine, or missing\n"
    "  weights fetch B       download backbone B's ImageNet weights (resumes; checks the digest)\n"
    "  weights import FILE   put a weights file downloaded by hand into the cache, after checking it\n"
    "  bench DATA            images/s of feature extraction and seconds per epoch of fe-aug and\n"
    "                        fine-tune at each precision, beside the Python peers when given\n"
    "  weights verify        re-hash the weights files on this machine against the published digests\n"
    "\n"
    "'transferlab-cli COMMAND --help' lists a command's options.\n";

}  // namespace

int run(int argc, char** argv) {
    std::vector<std::string> arguments(argv + 1, argv + argc);
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h" || arguments[0] == "help") {
        std::cout << kOverview;
        return arguments.empty() ? 2 : 0;
    }
    if (arguments[0] == "--version") {
        std::cout << "transferlab-cli " << version() << "\n";
        return 0;
    }
    std::string name = arguments[0];
    std::size_t used = 1;
    // Two words first: "lesson pretrain" is a command of its own beside "lesson".
    if (arguments.size() > 1 && commands().count(name + " " + arguments[1])) {
        name += " " + arguments[1];
        used = 2;
    }
    const bool json = std::find(arguments.begin(), arguments.end(), "--json") != arguments.end();
    Console console(std::cout, std::cerr, isatty(STDOUT_FILENO) != 0, json);
    try {
        auto it = commands().find(name);
        if (it == commands().end()) {
            const bool group = name == "dataset" || name == "model" || name == "weights" || name == "runs";
            throw UsageError(group ? "'" + name + "' needs a sub-command (see transferlab-cli --help)"
                                   : "unknown command '" + name + "' (see transferlab-cli --help)");
        }
        return it->second(std::vector<std::string>(arguments.begin() + static_cast<long>(used), arguments.end()),
                          console);
    } catch (const UsageError& error) {
        console.finishProgress();
        std::cerr << "transferlab-cli: " << error.what() << "\n";
        return 2;
    } catch (const std::exception& error) {
        console.finishProgress();
        std::cerr << "transferlab-cli: error: " << userMessage(error) << "\n";
        return 1;
    }
}

}  // namespace tl::cli
