// transferlab-cli weights list | fetch | import | verify: the ImageNet weights files on this
// machine, fetched from their publishers (or a mirror), imported by hand, or re-checked.
#include <atomic>
#include <iomanip>
#include <sstream>

#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "cli/InterruptGuard.h"
#include "core/util/Error.h"
#include "core/weights/WeightsCache.h"
#include "core/weights/WeightsFetch.h"
#include "core/weights/WeightsLookup.h"

namespace tl::cli {
namespace {

using nlohmann::json;

json foldersJson() {
    json folders = json::array();
    for (const auto& folder : weightsSearchFolders()) folders.push_back(folder.string());
    return folders;
}

json entryJson(const PretrainedFile& entry) {
    return {{"backbone", entry.backbone},      {"source", entry.source},
            {"file", entry.fileName},          {"url", entry.url},
            {"include_top", entry.includeTop}, {"hash_algorithm", std::string(toString(entry.digest.algorithm))},
            {"hash", entry.digest.hex},        {"preprocessing", std::string(toString(entry.preprocessing))}};
}

std::string verdictText(DigestCheck::Verdict verdict) {
    switch (verdict) {
        case DigestCheck::Verdict::Matches:
            return "ok";
        case DigestCheck::Verdict::Differs:
            return "mismatch";
        case DigestCheck::Verdict::NotPublished:
            return "unverified";
    }
    return "";
}

std::string folderList() {
    std::string text;
    for (const auto& folder : weightsSearchFolders()) text += "  " + folder.string() + "\n";
    return text;
}

}  // namespace

int weightsListCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("weights list");
    parser.flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;

    std::ostringstream text;
    text << "ImageNet weights files, looked for in this order:\n" << folderList() << "\n";
    text << std::left << std::setw(18) << "backbone" << std::setw(13) << "source" << std::setw(5) << "top"
         << std::setw(52) << "file"
         << "state\n";
    json files = json::array();
    for (const auto& state : imagenetWeightsStates()) {
        text << std::left << std::setw(18) << state.entry.backbone << std::setw(13) << state.entry.source
             << std::setw(5) << (state.entry.includeTop ? "yes" : "no") << std::setw(52) << state.entry.fileName;
        if (state.file)
            text << Console::formatBytes(state.bytes) << "  " << state.file->string() << "\n";
        else
            text << "missing\n";
        auto object = entryJson(state.entry);
        object["present"] = state.file.has_value();
        object["path"] = state.file ? state.file->string() : "";
        object["bytes"] = state.bytes;
        files.push_back(object);
    }
    text << "\n'transferlab-cli weights fetch BACKBONE' downloads a missing file into " << appWeightsFolder().string()
         << "\n";
    console.result(text.str(), {{"folders", foldersJson()}, {"files", files}});
    return 0;
}

int weightsFetchCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("weights fetch");
    parser.positional("BACKBONE", "the backbone whose ImageNet weights to fetch (see 'weights list')")
        .option("--source", "S", "torchvision or keras (default: torchvision's file where there is one)")
        .flag("--top", "the Keras file with the ImageNet classifier (torchvision's file always has it)")
        .option("--mirror", "URL",
                "a folder URL serving the files under their catalogue names, instead of the publishers")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;

    InterruptGuard interrupts;
    std::atomic<bool> stop{false};
    FetchOptions options;
    options.source = parser.get("--source");
    options.includeTop = parser.has("--top");
    options.mirror = parser.get("--mirror");
    options.stop = &stop;
    const auto backbone = parser.positionals()[0];
    const auto candidates = imagenetCandidates(backbone, options.includeTop, options.source);
    options.progress = [&](const DownloadProgress& p) {
        if (InterruptGuard::interrupted()) stop = true;
        console.transferProgress(candidates.front().fileName, p.bytesDone, p.bytesTotal, p.bytesPerSecond,
                                 p.etaSeconds);
    };
    const auto result = fetchImagenetWeights(backbone, options);
    json object = entryJson(result.entry);
    object.update({{"path", result.file.string()},
                   {"downloaded", result.downloaded},
                   {"url", result.url},
                   {"completed", result.completed},
                   {"resumed_from", result.resumedFrom}});
    if (!result.completed) {
        console.result("stopped; what arrived is kept in " + partialPath(result.file).string() +
                           ": run the same command again to resume\n",
                       object);
        return 1;
    }
    std::string text = result.downloaded ? "downloaded " + result.url + "\n  to " + result.file.string() + "\n"
                                         : backbone + ": already on this machine: " + result.file.string() + "\n";
    if (!result.entry.digest.published()) text += "  (Keras publishes no digest for this file: not verified)\n";
    text += "  " + result.entry.source + " weights; they expect " + std::string(toString(result.entry.preprocessing)) +
            " preprocessing\n";
    console.result(text, object);
    return 0;
}

int weightsImportCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("weights import");
    parser.positional("FILE", "a weights file downloaded by hand (recognised by its name or its digest)")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;

    const auto result = importWeightsFile(parser.positionals()[0]);
    std::string text = "imported " + parser.positionals()[0] + " as the " + result.entry.source + " weights of " +
                       result.entry.backbone + "\n  " + result.file.string() + "\n";
    text += result.check.verdict == DigestCheck::Verdict::Matches
                ? "  its " + std::string(toString(result.entry.digest.algorithm)) + " matches the published one\n"
                : "  (Keras publishes no digest for this file: not verified)\n";
    auto object = entryJson(result.entry);
    object.update({{"path", result.file.string()},
                   {"verdict", verdictText(result.check.verdict)},
                   {"actual_hash", result.check.actual}});
    console.result(text, object);
    return 0;
}

int weightsVerifyCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("weights verify");
    parser.flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;

    const auto verified = verifyCachedWeights();
    std::ostringstream text;
    json files = json::array();
    int mismatches = 0;
    for (const auto& file : verified) {
        const auto verdict = verdictText(file.check.verdict);
        text << std::left << std::setw(12) << verdict << file.file.string();
        if (file.check.verdict == DigestCheck::Verdict::Differs) {
            ++mismatches;
            text << ": its " << toString(file.entry.digest.algorithm) << " is " << file.check.actual
                 << ", the publisher's " << file.entry.digest.hex;
        } else if (file.check.verdict == DigestCheck::Verdict::NotPublished) {
            text << " (no published digest)";
        }
        text << "\n";
        files.push_back({{"path", file.file.string()},
                         {"backbone", file.entry.backbone},
                         {"verdict", verdict},
                         {"hash_algorithm", std::string(toString(file.entry.digest.algorithm))},
                         {"expected_hash", file.entry.digest.hex},
                         {"actual_hash", file.check.actual}});
    }
    if (verified.empty())
        text << "no ImageNet weights files on this machine; looked in\n" << folderList();
    else
        text << verified.size() << " file(s), " << mismatches << " mismatch(es)\n";
    if (mismatches > 0)
        text << "delete a mismatched file and fetch it again ('transferlab-cli weights fetch BACKBONE')\n";
    console.result(text.str(), {{"files", files}, {"mismatches", mismatches}});
    return mismatches > 0 ? 1 : 0;
}

}  // namespace tl::cli
