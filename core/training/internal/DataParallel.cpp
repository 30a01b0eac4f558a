#include "core/training/internal/DataParallel.h"

#include <algorithm>
#include <sstream>

#include "core/util/Clock.h"

namespace tl::internal {

DataParallel::DataParallel(RankGroup& group, std::vector<torch::Tensor> parameters, std::vector<torch::Tensor> buffers)
    : group_(group), parameters_(std::move(parameters)), buffers_(std::move(buffers)) {
    // The last parameters' gradients are ready first in a backward pass; buckets follow that order.
    std::size_t bytes = 0;
    for (std::size_t i = parameters_.size(); i-- > 0;) {
        const auto size = static_cast<std::size_t>(parameters_[i].numel()) * parameters_[i].element_size();
        if (buckets_.empty() || (bytes > 0 && bytes + size > kBucketBytes)) {
            buckets_.emplace_back();
            bytes = 0;
        }
        buckets_.back().push_back(i);
        bytes += size;
    }
}

void DataParallel::broadcastInto(const std::vector<torch::Tensor>& tensors) {
    torch::NoGradGuard noGrad;
    // Broadcast works on contiguous tensors; channels_last weights are copied through one.
    std::vector<torch::Tensor> contiguous;
    for (const auto& t : tensors) contiguous.push_back(t.contiguous());
    group_.broadcastFromLeader(contiguous);
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        if (!contiguous[i].is_same(tensors[i])) tensors[i].copy_(contiguous[i]);
    }
}

void DataParallel::broadcastState() {
    std::vector<torch::Tensor> state;
    for (const auto& p : parameters_) state.push_back(p.detach());
    state.insert(state.end(), buffers_.begin(), buffers_.end());
    broadcastInto(state);
}

bool DataParallel::anyRank(bool local) {
    auto flag = torch::tensor({local ? 1.0 : 0.0}, torch::kFloat64);
    std::vector<torch::Tensor> one{flag};
    group_.sumInPlace(one);
    return flag.item<double>() > 0;
}

GlobalTotals DataParallel::averageGradients(std::int64_t rows, double meanLoss, std::int64_t correct) {
    torch::NoGradGuard noGrad;
    auto totals =
        torch::tensor({static_cast<double>(rows), meanLoss * static_cast<double>(rows), static_cast<double>(correct)},
                      torch::kFloat64);
    std::vector<torch::Tensor> one{totals};
    group_.sumInPlace(one);
    GlobalTotals global;
    const auto* values = totals.data_ptr<double>();
    global.rows = static_cast<std::int64_t>(values[0]);
    global.lossSum = values[1];
    global.correct = static_cast<std::int64_t>(values[2]);
    if (global.rows == 0) return global;
    const Stopwatch clock;
    // Each rank's mean gradient weighed by its rows, summed, over the global rows: the global mean.
    for (const auto& bucket : buckets_) {
        std::vector<torch::Tensor> grads, sent;
        for (const auto i : bucket) {
            auto& p = parameters_[i];
            if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
            grads.push_back(p.mutable_grad());
            // Gloo sends contiguous memory; a channels_last gradient travels through a copy.
            sent.push_back(grads.back().contiguous().mul_(static_cast<double>(rows)));
        }
        group_.sumInPlace(sent);
        for (std::size_t k = 0; k < grads.size(); ++k) {
            sent[k].div_(static_cast<double>(global.rows));
            if (!sent[k].is_same(grads[k])) grads[k].copy_(sent[k]);
        }
    }
    allReduceSeconds_ += clock.seconds();
    ++steps_;
    return global;
}

std::size_t DataParallel::gradientBytes() const {
    std::size_t bytes = 0;
    for (const auto& p : parameters_) bytes += static_cast<std::size_t>(p.numel()) * sizeof(float);
    return bytes;
}

std::string DataParallel::trafficReport() const {
    std::ostringstream note;
    note.precision(3);
    note << "data-parallel: " << size() << " ranks all-reduced " << static_cast<double>(gradientBytes()) / 1e6
         << " MB of gradients per step, "
         << 1000 * allReduceSeconds_ / static_cast<double>(std::max<std::int64_t>(steps_, 1))
         << " ms per step on average (" << steps_ << " steps)";
    return note.str();
}

void DataParallel::syncBuffers() {
    if (!buffers_.empty()) broadcastInto(buffers_);
}

std::vector<double> DataParallel::sum(const std::vector<double>& local) {
    if (local.empty()) return {};
    auto values = torch::tensor(local, torch::kFloat64);
    std::vector<torch::Tensor> one{values};
    group_.sumInPlace(one);
    return {values.data_ptr<double>(), values.data_ptr<double>() + values.numel()};
}

torch::Tensor DataParallel::gatherDefinedColumns(const torch::Tensor& local, std::vector<std::int64_t>* columns) {
    // Gloo moves no bf16: its bytes travel as fp16 (a gather copies them, computes nothing).
    if (local.scalar_type() == torch::kBFloat16) {
        return gatherDefinedColumns(local.contiguous().view(torch::kHalf), columns).view(torch::kBFloat16);
    }
    // Counts first, then every rank's part padded to the longest: Gloo gathers equal shapes, and
    // never empty ones (at least one column travels).
    const auto counts = group_.gather(torch::tensor({local.size(1)}, torch::kInt64));
    std::int64_t longest = 1;
    for (const auto& count : counts) longest = std::max(longest, count.item<std::int64_t>());
    auto shape = local.sizes().vec();
    shape[1] = longest;
    auto padded = torch::zeros(shape, local.options());
    if (local.size(1) > 0) padded.narrow(1, 0, local.size(1)).copy_(local);
    const auto parts = group_.gather(padded);
    std::vector<torch::Tensor> kept;
    for (std::size_t r = 0; r < parts.size(); ++r) {
        const auto count = counts[r].item<std::int64_t>();
        kept.push_back(parts[r].narrow(1, 0, count));
        if (columns != nullptr) columns->push_back(count);
    }
    return torch::cat(kept, 1);
}

torch::Tensor DataParallel::gatherColumns(const torch::Tensor& local) {
    // A rank without rows learns the others' shape and type first and gathers an empty part.
    std::ostringstream described;
    if (local.defined()) {
        described << static_cast<int>(local.scalar_type());
        for (const auto size : local.sizes()) described << ' ' << size;
    }
    const auto description = described.str();
    std::string model;
    for (const auto& text : gatherStrings(description)) {
        if (!text.empty()) model = text;
    }
    if (model.empty()) return {};
    if (local.defined()) return gatherDefinedColumns(local);
    std::istringstream fields(model);
    int type = 0;
    fields >> type;
    std::vector<std::int64_t> shape;
    for (std::int64_t size = 0; fields >> size;) shape.push_back(size);
    shape[1] = 0;
    return gatherDefinedColumns(torch::empty(shape, torch::dtype(static_cast<torch::ScalarType>(type))));
}

torch::Tensor DataParallel::gatherRows(const torch::Tensor& local) {
    const auto gathered = gatherColumns(local.defined() ? local.unsqueeze(0) : local);
    return gathered.defined() ? gathered.squeeze(0) : gathered;
}

std::vector<std::string> DataParallel::gatherStrings(const std::string& local) {
    const auto bytes =
        torch::from_blob(const_cast<char*>(local.data()), {1, static_cast<std::int64_t>(local.size())}, torch::kUInt8)
            .clone();
    std::vector<std::int64_t> lengths;
    const auto all = gatherDefinedColumns(bytes, &lengths);
    std::vector<std::string> texts;
    std::int64_t offset = 0;
    for (const auto n : lengths) {
        const auto part = all.narrow(1, offset, n).contiguous();
        texts.emplace_back(reinterpret_cast<const char*>(part.data_ptr<std::uint8_t>()), static_cast<std::size_t>(n));
        offset += n;
    }
    return texts;
}

std::vector<Sample> shareOf(const std::vector<Sample>& samples, const DataParallel* parallel) {
    if (parallel == nullptr) return samples;
    const auto [begin, end] = parallel->shard().of(0, samples.size());
    return {samples.begin() + static_cast<long>(begin), samples.begin() + static_cast<long>(end)};
}

std::vector<std::string> gatherMessages(DataParallel* parallel, const std::vector<std::string>& local,
                                        const std::function<void(const std::string&)>& onSkip) {
    if (parallel == nullptr) return local;
    std::string joined;
    for (const auto& message : local) joined += message + '\n';
    std::vector<std::string> all;
    const auto parts = parallel->gatherStrings(joined);
    for (std::size_t r = 0; r < parts.size(); ++r) {
        std::istringstream lines(parts[r]);
        for (std::string line; std::getline(lines, line);) {
            all.push_back(line);
            if (static_cast<int>(r) != parallel->rank() && parallel->isLeader() && onSkip) onSkip(line);
        }
    }
    return all;
}

}  // namespace tl::internal
