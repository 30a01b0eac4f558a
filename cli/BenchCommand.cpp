// `transferlab-cli bench`: the speed of the real pipeline on a folder of images, next to the
// Python peers when their scripts are given (docs/performance.md explains every number).
#include <algorithm>
#include <regex>
#include <sstream>

#include "cli/ArgumentParser.h"
#include "cli/Commands.h"
#include "cli/ScalingBench.h"
#include "cli/ShellCommand.h"
#include "core/data/DatasetScanner.h"
#include "core/training/RunPreparation.h"
#include "core/training/SpeedProbe.h"
#include "core/util/Error.h"

namespace tl::cli {
namespace {

using nlohmann::json;

struct BenchSettings {
    std::filesystem::path data;
    std::string backbone = "vgg16";
    std::string weights = "random";
    ImageSize input{150, 150};
    int perClass = 0;
    int threads = 0;
    int trainBatches = 5;
    int extractBatch = 32;
    std::vector<Precision> precisions;
    std::string python = "python3";
    std::string fineTuneFrom;  ///< empty: fine-tuning is not measured
    int pool = 10;             ///< K of the augmentation pool measured (0: not measured)
    int poolPerClass = 20;     ///< training images per class the pool is built over
};

/// The lecture's numbers an epoch estimate is made of (presets 4 and 5).
constexpr int kStepsPerEpoch = 100;
constexpr int kRecipeBatch = 20;
constexpr int kValidationImages = 1000;
constexpr int kTrainImages = 2000;
constexpr int kFeAugEpochs = 30;
constexpr int kFineTuneEpochs = 100;

/// The experiment one of the two recipes with a frozen part is timed with: fe-aug (the whole base
/// frozen) or fine-tuning's computation (scratch from `fineTuneFrom`, as in a fine-tune run).
Experiment recipeExperiment(const Experiment& base, bool fine, const std::string& fineTuneFrom) {
    auto e = base;
    e.training.batchSize = kRecipeBatch;
    e.training.augmentation = AugmentationParams::classic();
    if (fine) {
        e.training.regime = Regime::Scratch;
        e.training.augment = true;
        e.training.optimizer.learningRate = 1e-5;
        e.freeze = FreezePlan::trainableFrom(fineTuneFrom);
    } else {
        e.training.regime = Regime::FeatureExtractionAug;
    }
    return e;
}

Experiment baseExperiment(const BenchSettings& s, Precision precision) {
    Experiment e;
    e.name = "bench";
    e.data.root = s.data;
    e.data.counts = {s.perClass, 0, 0};
    e.model.backbone = s.backbone;
    e.model.input = s.input;
    e.model.head = {Pooling::Flatten, 256, 0.0, 2};
    e.weights = s.weights;
    e.training.threads = s.threads;
    e.training.precision = precision;
    e.training.optimizer.learningRate = 2e-5;
    e.training.batchSize = s.extractBatch;
    return e;
}

/// A peer script's output; throws tl::Error when it fails.
std::string capture(const std::string& command) {
    return captureOutput(command, "the peer script");
}

/// "name MODE key=X" lines into {MODE: X}.
json parsePeerLines(const std::string& output, const std::string& key) {
    json values = json::object();
    const std::regex line("(\\S+) (\\S+) " + key + "=([0-9.eE+-]+)");
    std::istringstream in(output);
    for (std::string text; std::getline(in, text);) {
        std::smatch match;
        if (std::regex_search(text, match, line)) values[match[2].str()] = std::stod(match[3].str());
    }
    return values;
}

/// `bench --nproc LIST`: data-parallel scaling alone (see ScalingBench).
int benchScaling(const ArgumentParser& parser, const BenchSettings& s, int threads, Console& console) {
    ScalingSettings scaling;
    scaling.base = baseExperiment(s, s.precisions.back());
    scaling.perClass = std::min(s.perClass, s.poolPerClass);
    scaling.threads = threads;
    scaling.steps = std::max(2, s.trainBatches);
    scaling.pool = s.pool;
    scaling.fineTuneFrom = s.fineTuneFrom;
    scaling.processCounts.clear();
    std::istringstream in(parser.get("--nproc"));
    for (std::string item; std::getline(in, item, ',');) {
        try {
            const int count = std::stoi(item);
            if (count < 1 || count > 64) throw std::out_of_range(item);
            scaling.processCounts.push_back(count);
        } catch (const std::exception&) {
            throw UsageError("--nproc takes process counts from 1 to 64, e.g. 1,2; not '" + item + "'");
        }
    }
    if (scaling.processCounts.empty()) throw UsageError("--nproc needs at least one process count");
    std::ostringstream text;
    text << "bench: data-parallel " << s.backbone << " at " << s.input.width << "x" << s.input.height << ", "
         << scaling.perClass << " training images per class, " << threads << " cores in all\n";
    json report = {{"backbone", s.backbone}, {"input_size", s.input.width}, {"threads", threads}};
    report["scaling"] = measureScaling(scaling, console, text);
    report["event"] = "result";
    console.result(text.str(), report);
    return 0;
}

}  // namespace

int benchCommand(const std::vector<std::string>& arguments, Console& console) {
    ArgumentParser parser("bench");
    parser.positional("DATA", "folder of images in class folders (e.g. made by the peer's make_jpegs.py)")
        .option("--backbone", "B", "backbone (default vgg16)")
        .option("--weights", "W", "random (default), imagenet, or a weights file")
        .option("--input", "N", "square input size (default 150)")
        .option("--per-class", "N", "images per class to use (default: as many as every class has)")
        .option("--threads", "N", "CPU threads (0: every core)")
        .option("--batch-size", "N", "images per batch for feature extraction (default 32, as the peer)")
        .option("--precision", "LIST", "precisions to measure, e.g. fp32,bf16 (default: fp32 and auto)")
        .option("--train-batches", "N", "training steps timed per regime, batch 20 (default 5; 0: skip)")
        .option("--fine-tune-from", "LAYER", "first trainable layer of fine-tuning (default block5_conv1 for VGG)")
        .option("--peer", "SCRIPT", "peer_fe.py: run it on the same images in the same run")
        .option("--peer-recipe", "SCRIPT", "the plain Python fe-aug / fine-tune loop (tests/bench/peer_recipe.py)")
        .option("--pool", "K", "augmentation pool measured for fe-aug and fine-tune (default 10; 0: skip)")
        .option("--pool-per-class", "N", "training images per class the pool is built over (default 20)")
        .option("--python", "EXE", "Python interpreter for the peers (default python3)")
        .option("--nproc", "LIST",
                "measure data-parallel training instead, on each number of processes, e.g. 1,2 (the cores "
                "shared out between them; the head alone and with the last block)")
        .flag("--json", "machine-readable output");
    parser.parse(arguments);
    if (parser.helpRequested()) return console.say(parser.usage()), 0;

    BenchSettings s;
    s.data = parser.positionals().at(0);
    s.backbone = parser.get("--backbone", s.backbone);
    s.weights = parser.get("--weights", s.weights);
    if (auto v = parser.getInt("--input")) s.input = {*v, *v};
    if (auto v = parser.getInt("--threads")) s.threads = *v;
    if (auto v = parser.getInt("--train-batches")) s.trainBatches = *v;
    if (auto v = parser.getInt("--batch-size")) s.extractBatch = *v;
    if (auto v = parser.getInt("--pool")) s.pool = *v;
    if (auto v = parser.getInt("--pool-per-class")) s.poolPerClass = *v;
    if (s.pool < 0 || s.poolPerClass < 1) throw UsageError("--pool must be 0 or more and --pool-per-class at least 1");
    if (s.extractBatch < 1) throw UsageError("--batch-size must be at least 1");
    s.python = parser.get("--python", s.python);
    s.fineTuneFrom = parser.get("--fine-tune-from", s.backbone.rfind("vgg", 0) == 0 ? "block5_conv1" : "");
    if (s.input.width < 8) throw UsageError("--input must be at least 8");
    if (s.trainBatches < 0) throw UsageError("--train-batches must be 0 or more");
    std::string list = parser.get("--precision", "fp32,auto");
    try {
        std::istringstream in(list);
        for (std::string item; std::getline(in, item, ',');) {
            const auto resolved = resolvePrecision(parsePrecision(item));
            if (std::find(s.precisions.begin(), s.precisions.end(), resolved) == s.precisions.end()) {
                s.precisions.push_back(resolved);
            }
        }
    } catch (const Error& error) {
        throw UsageError(std::string("--precision: ") + error.what());
    }

    const auto dataset = scanDataset(s.data);
    const auto counts = dataset.countsPerClass();
    if (counts.size() < 2) throw Error(s.data.string() + ": a benchmark needs at least two class folders");
    const int available = static_cast<int>(*std::min_element(counts.begin(), counts.end()));
    s.perClass = parser.getInt("--per-class").value_or(available);
    if (s.perClass < 1 || s.perClass > available) {
        throw UsageError("--per-class must be between 1 and " + std::to_string(available) + " (the smallest class)");
    }
    const std::size_t imageCount = static_cast<std::size_t>(s.perClass) * counts.size();
    const int threads = resolvedThreadCount(s.threads);
    if (parser.has("--nproc")) return benchScaling(parser, s, threads, console);

    json report = {{"backbone", s.backbone}, {"weights", s.weights}, {"input_size", s.input.width},
                   {"images", imageCount},   {"threads", threads},   {"cpu_has_fast_bf16", cpuHasFastBf16()}};
    std::ostringstream text;
    text << "bench: " << s.backbone << " at " << s.input.width << "x" << s.input.height << ", " << imageCount
         << " images of " << s.data.string() << ", " << threads << " threads"
         << (cpuHasFastBf16() ? " (CPU computes bf16 natively)" : " (no native bf16 on this CPU)") << "\n";

    json extraction = json::object(), feAug = json::object(), fineTune = json::object();
    for (const auto precision : s.precisions) {
        const std::string name(toString(precision));
        console.say("measuring feature extraction, " + name + " ...");
        const auto sample = measureExtraction(baseExperiment(s, precision));
        extraction[name] = {
            {"images_per_s", sample.imagesPerSecond()}, {"images", sample.images}, {"seconds", sample.seconds}};
        text << "extract " << name << ": " << sample.imagesPerSecond() << " images/s (decode included)\n";
        if (s.trainBatches == 0) continue;
        // Validation in an epoch: the whole network forward over 1000 images, at the extraction speed.
        const double validationSeconds = kValidationImages / std::max(sample.imagesPerSecond(), 1e-9);
        for (const bool fine : {false, true}) {
            if (fine && s.fineTuneFrom.empty()) continue;
            const auto e = recipeExperiment(baseExperiment(s, precision), fine, s.fineTuneFrom);
            console.say(std::string("measuring ") + (fine ? "fine-tune" : "fe-aug") + " steps, " + name + " ...");
            const auto steps = measureTrainingSteps(e, s.trainBatches);
            const double perBatch = steps.seconds / std::max(1, s.trainBatches);
            const double epoch = perBatch * kStepsPerEpoch + validationSeconds;
            (fine ? fineTune : feAug)[name] = {{"seconds_per_batch", perBatch},
                                               {"seconds_per_epoch_estimated", epoch},
                                               {"images_per_s", steps.imagesPerSecond()}};
            text << (fine ? "fine-tune " : "fe-aug ") << name << ": " << perBatch << " s per batch of " << kRecipeBatch
                 << ", about " << epoch << " s per epoch (" << kStepsPerEpoch << " batches + " << kValidationImages
                 << " validation images, extrapolated)\n";
        }
    }
    report["extract"] = extraction;
    if (!feAug.empty()) report["fe_aug"] = feAug;
    if (!fineTune.empty()) report["fine_tune"] = fineTune;

    // The pool, at the last precision asked for (auto: the fastest here), over a few images.
    json pools = json::object();
    if (s.pool > 0 && s.trainBatches > 0) {
        auto poolSettings = s;
        poolSettings.perClass = std::min(s.perClass, s.poolPerClass);
        const auto precision = s.precisions.back();
        for (const bool fine : {false, true}) {
            if (fine && s.fineTuneFrom.empty()) continue;
            const std::string mode = fine ? "fine-tune" : "fe-aug";
            console.say("measuring " + mode + " with a pool of " + std::to_string(s.pool) + " ...");
            const auto e = recipeExperiment(baseExperiment(poolSettings, precision), fine, s.fineTuneFrom);
            const auto speed = measurePoolTraining(e, s.pool, s.trainBatches);
            const double perBatch = speed.steps.seconds / std::max(1, s.trainBatches);
            pools[mode] = {{"variants", s.pool},
                           {"precision", speed.build.precision},
                           {"pool_images_per_s", speed.build.imagesPerSecond()},
                           {"seconds_per_batch", perBatch}};
            text << mode << " pool of " << s.pool << " (" << speed.build.precision << "): built at "
                 << speed.build.imagesPerSecond() << " variants/s, then " << perBatch << " s per batch of "
                 << kRecipeBatch << "\n";
        }
        report["pool"] = pools;
    }

    const auto threadsText = std::to_string(threads);
    if (parser.has("--peer")) {
        console.say("running the peer " + parser.get("--peer") + " ...");
        const auto output = capture(shellQuoted(s.python) + " " + shellQuoted(parser.get("--peer")) + " " +
                                    shellQuoted(s.data.string()) + " --arch " + shellQuoted(s.backbone) + " --size " +
                                    std::to_string(s.input.width) + " --threads " + threadsText + " --batch " +
                                    std::to_string(s.extractBatch) + " --modes fp32,fp32-cl,bf16-cl --limit " +
                                    std::to_string(imageCount));
        const auto peer = parsePeerLines(output, "images/s");
        report["peer_extract"] = peer;
        double best = 0;
        for (const auto& item : peer.items()) {
            const double value = item.value().get<double>();
            best = std::max(best, value);
            text << "peer " << item.key() << ": " << value << " images/s\n";
        }
        double ours = 0;
        for (const auto& item : extraction.items()) ours = std::max(ours, item.value()["images_per_s"].get<double>());
        if (best > 0) {
            report["extract_ratio_to_peer_best"] = ours / best;
            text << "extract ratio to the peer's best mode: " << ours / best << "x\n";
        }
    }
    if (parser.has("--peer-recipe") && s.trainBatches > 0) {
        for (const std::string mode : {"fe-aug", "fine-tune"}) {
            console.say("running the plain Python " + mode + " loop ...");
            const auto output = capture(shellQuoted(s.python) + " " + shellQuoted(parser.get("--peer-recipe")) + " " +
                                        shellQuoted(s.data.string()) + " --mode " + mode + " --batches " +
                                        std::to_string(s.trainBatches) + " --size " + std::to_string(s.input.width) +
                                        " --threads " + threadsText);
            const auto peer = parsePeerLines(output, "seconds_per_batch");
            if (!peer.contains(mode)) continue;
            const double perBatch = peer[mode].get<double>();
            report[mode == "fe-aug" ? "peer_fe_aug" : "peer_fine_tune"] = {{"seconds_per_batch", perBatch}};
            text << "peer plain " << mode << ": " << perBatch << " s per batch of " << kRecipeBatch << "\n";
            const auto& ours = mode == "fe-aug" ? feAug : fineTune;
            double fastest = 0;
            for (const auto& item : ours.items()) {
                const double b = item.value()["seconds_per_batch"].get<double>();
                if (fastest == 0 || b < fastest) fastest = b;
            }
            if (fastest > 0) {
                report[mode == "fe-aug" ? "fe_aug_speedup_over_peer" : "fine_tune_speedup_over_peer"] =
                    perBatch / fastest;
                text << mode << " speed-up over the plain loop: " << perBatch / fastest << "x\n";
            }
        }
    }
    // The whole recipes (2000 training and 1000 validation images; fe-aug 30 epochs, fine-tune 100,
    // 100 batches of 20 each), extrapolated from the per-batch and per-image rates above.
    double fastestExtract = 0;
    for (const auto& item : extraction.items()) {
        fastestExtract = std::max(fastestExtract, item.value()["images_per_s"].get<double>());
    }
    const double peerValidationRate = report.contains("peer_extract") && report["peer_extract"].contains("fp32")
                                          ? report["peer_extract"]["fp32"].get<double>()
                                          : 0;
    for (const std::string mode : {"fe-aug", "fine-tune"}) {
        const bool fine = mode == "fine-tune";
        const int epochs = fine ? kFineTuneEpochs : kFeAugEpochs;
        json minutes = json::object();
        const auto& exact = fine ? fineTune : feAug;
        for (const auto& item : exact.items()) {
            minutes["exact_" + item.key()] = epochs * item.value()["seconds_per_epoch_estimated"].get<double>() / 60;
        }
        if (pools.contains(mode) && fastestExtract > 0) {
            const auto& p = pools[mode];
            const double perBatch = p["seconds_per_batch"].get<double>();
            // Validation activations are computed once; each epoch runs only the trainable rest
            // forward over them (about a third of a training step's work per image).
            const double build = kTrainImages * s.pool / std::max(p["pool_images_per_s"].get<double>(), 1e-9) +
                                 kValidationImages / fastestExtract;
            const double epoch = kStepsPerEpoch * perBatch + kValidationImages * perBatch / kRecipeBatch / 3;
            minutes["pool"] = (build + epochs * epoch) / 60;
        }
        const std::string peerKey = fine ? "peer_fine_tune" : "peer_fe_aug";
        if (report.contains(peerKey) && peerValidationRate > 0) {
            const double epoch = kStepsPerEpoch * report[peerKey]["seconds_per_batch"].get<double>() +
                                 kValidationImages / peerValidationRate;
            minutes["peer_plain_loop"] = epochs * epoch / 60;
            if (minutes.contains("pool")) {
                const double ratio = minutes["peer_plain_loop"].get<double>() / minutes["pool"].get<double>();
                minutes["pool_speedup_over_peer"] = ratio;
            }
        }
        if (minutes.empty()) continue;
        report[fine ? "fine_tune_recipe_minutes" : "fe_aug_recipe_minutes"] = minutes;
        text << mode << " whole recipe (" << epochs << " epochs, extrapolated), minutes:";
        for (const auto& item : minutes.items()) text << " " << item.key() << " " << item.value().get<double>();
        text << "\n";
    }

    const double peakMiB = static_cast<double>(peakResidentBytes()) / (1024.0 * 1024.0);
    report["peak_resident_mib"] = peakMiB;
    text << "peak resident memory: " << static_cast<long>(peakMiB) << " MiB\n";
    report["event"] = "result";
    console.result(text.str(), report);
    return 0;
}

}  // namespace tl::cli
