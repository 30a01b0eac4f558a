#include "core/weights/WeightsFetch.h"

#include "core/util/Error.h"
#include "core/weights/WeightsLookup.h"

namespace tl {

FetchResult fetchImagenetWeights(const std::string& backbone, const FetchOptions& options) {
    const auto candidates = imagenetCandidates(backbone, options.includeTop, options.source);
    for (const auto& entry : candidates) {
        if (auto file = locatePretrainedFile(entry)) return {entry, *file, "", false, true, 0};
    }
    FetchResult result;
    result.entry = candidates.front();
    result.file = appWeightsFolder() / result.entry.fileName;
    result.url = result.entry.url;
    if (!options.mirror.empty()) {
        result.url = options.mirror + (options.mirror.ends_with('/') ? "" : "/") + result.entry.fileName;
    }
    DownloadRequest request{result.url, result.file, result.entry.digest, options.progress, options.stop};
    try {
        const auto downloaded = download(request);
        result.downloaded = downloaded.completed;
        result.completed = downloaded.completed;
        result.resumedFrom = downloaded.resumedFrom;
    } catch (const Error& error) {
        throw Error(std::string(error.what()) + ". Without a connection: download " + result.entry.url +
                    " on another machine and put it in " + appWeightsFolder().string() +
                    " (or run 'transferlab-cli weights import FILE')");
    }
    return result;
}

}  // namespace tl
