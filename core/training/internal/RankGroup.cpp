#include "core/training/internal/RankGroup.h"

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>
#include <cstdlib>

#include "core/util/Error.h"
#include "core/util/UserMessage.h"

namespace tl::internal {

struct RankGroup::Connection {
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    /// The heartbeat thread's own client of the store (a client serves one thread at a time).
    c10::intrusive_ptr<c10d::TCPStore> heartbeatStore;
};

namespace {

bool isLoopback(const std::string& address) {
    return address == "127.0.0.1" || address == "localhost" || address == "::1";
}

/// The network device Gloo talks through: loopback for a one-machine run; the interface named by
/// GLOO_SOCKET_IFNAME (as in PyTorch) or this host's address otherwise.
std::shared_ptr<::gloo::transport::Device> glooDevice(const DistributedSpec& spec) {
    if (isLoopback(spec.masterAddress)) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"); interface != nullptr && *interface != '\0') {
        return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
    }
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

std::string heartbeatKey(int rank) {
    return "transferlab/heartbeat/" + std::to_string(rank);
}

constexpr std::chrono::milliseconds kBeat(500);

}  // namespace

RankGroup::RankGroup(const DistributedSpec& spec) : spec_(spec), connection_(std::make_unique<Connection>()) {
    validateDistributedSpec(spec_);
    const std::chrono::milliseconds timeout(std::int64_t{spec_.timeoutSeconds} * 1000);
    const auto where = spec_.masterAddress + ":" + std::to_string(spec_.masterPort);
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(spec_.masterPort);
        options.isServer = spec_.isLeader();
        options.numWorkers = static_cast<std::size_t>(spec_.worldSize);
        options.waitWorkers = true;
        options.timeout = timeout;
        connection_->store = c10::make_intrusive<c10d::TCPStore>(spec_.masterAddress, options);
        options.isServer = false;
        options.waitWorkers = false;
        connection_->heartbeatStore = c10::make_intrusive<c10d::TCPStore>(spec_.masterAddress, options);
    } catch (const std::exception& error) {
        throw Error("rank " + std::to_string(spec_.rank) + " of " + std::to_string(spec_.worldSize) +
                    " could not meet the others at " + where + " within " + std::to_string(spec_.timeoutSeconds) +
                    " s: " + userMessage(error));
    }
    try {
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        options->devices.push_back(glooDevice(spec_));
        options->threads = 2;
        connection_->group =
            c10::make_intrusive<c10d::ProcessGroupGloo>(connection_->store, spec_.rank, spec_.worldSize, options);
    } catch (const std::exception& error) {
        throw Error("rank " + std::to_string(spec_.rank) + " reached " + where +
                    " but could not connect to every other rank: " + userMessage(error));
    }
    heartbeat_ = std::thread([this] { beat(); });
}

RankGroup::~RankGroup() {
    {
        std::lock_guard lock(heartbeatMutex_);
        heartbeatStop_ = true;
    }
    heartbeatWake_.notify_all();
    heartbeat_.join();
}

void RankGroup::beat() {
    std::unique_lock lock(heartbeatMutex_);
    while (!heartbeatStop_) {
        try {
            connection_->heartbeatStore->add(heartbeatKey(spec_.rank), 1);
        } catch (const std::exception&) {
            return;  // the store is gone: the collectives will say so
        }
        heartbeatWake_.wait_for(lock, kBeat, [this] { return heartbeatStop_; });
    }
}

void RankGroup::fail(const char* what, const std::exception& error) const {
    auto message = std::string(what) + " across the " + std::to_string(spec_.worldSize) + " processes failed on rank " +
                   std::to_string(spec_.rank) + ": " + userMessage(error);
    if (const auto silent = whoIsSilent(); !silent.empty()) message = silent + "; " + message;
    throw Error(message);
}

void RankGroup::sumInPlace(std::vector<torch::Tensor>& tensors) {
    if (tensors.empty()) return;
    try {
        if (tensors.size() == 1) {
            connection_->group->allreduce(tensors)->wait();
        } else {
            connection_->group->allreduce_coalesced(tensors)->wait();
        }
    } catch (const std::exception& error) {
        fail("an all-reduce", error);
    }
}

void RankGroup::broadcastFromLeader(std::vector<torch::Tensor>& tensors) {
    try {
        for (auto& tensor : tensors) {
            std::vector<torch::Tensor> one{tensor};
            connection_->group->broadcast(one)->wait();
        }
    } catch (const std::exception& error) {
        fail("a broadcast", error);
    }
}

std::vector<torch::Tensor> RankGroup::gather(const torch::Tensor& local) {
    std::vector<torch::Tensor> inputs{local.contiguous()};
    std::vector<std::vector<torch::Tensor>> outputs(1);
    for (int r = 0; r < spec_.worldSize; ++r) outputs[0].push_back(torch::empty_like(inputs[0]));
    try {
        connection_->group->allgather(outputs, inputs)->wait();
    } catch (const std::exception& error) {
        fail("an all-gather", error);
    }
    return outputs[0];
}

std::string RankGroup::whoIsSilent() const {
    try {
        const auto beats = [this] {
            std::vector<std::int64_t> counts;
            for (int r = 0; r < spec_.worldSize; ++r) counts.push_back(connection_->store->add(heartbeatKey(r), 0));
            return counts;
        };
        const auto before = beats();
        std::this_thread::sleep_for(4 * kBeat);
        const auto after = beats();
        std::string names;
        int silent = 0;
        for (int r = 0; r < spec_.worldSize; ++r) {
            if (after[static_cast<std::size_t>(r)] != before[static_cast<std::size_t>(r)]) continue;
            names += (names.empty() ? "" : ", ") + std::to_string(r);
            ++silent;
        }
        if (silent == 0) return {};
        return (silent == 1 ? "rank " : "ranks ") + names + " stopped answering (killed, hung or stopped)";
    } catch (const std::exception&) {
        return spec_.isLeader() ? std::string() : "rank 0, which serves the rendezvous, is gone";
    }
}

}  // namespace tl::internal
