#include "core/training/RankProcesses.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <thread>

#include "core/util/Error.h"

extern char** environ;

namespace tl {
namespace {

/// This process's environment with `overrides` replacing or adding variables.
std::vector<std::string> environmentWith(const std::map<std::string, std::string>& overrides) {
    std::vector<std::string> entries;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string text(*entry);
        const auto name = text.substr(0, text.find('='));
        if (overrides.count(name) == 0) entries.push_back(text);
    }
    for (const auto& [name, value] : overrides) entries.push_back(name + "=" + value);
    return entries;
}

std::vector<char*> pointersTo(std::vector<std::string>& texts) {
    std::vector<char*> pointers;
    for (auto& text : texts) pointers.push_back(text.data());
    pointers.push_back(nullptr);
    return pointers;
}

RankExit exitOf(int rank, int status) {
    RankExit exit;
    exit.rank = rank;
    if (WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
    if (WIFEXITED(status)) exit.exitCode = WEXITSTATUS(status);
    return exit;
}

}  // namespace

std::string RankExit::describe() const {
    if (signal != 0) {
        const char* name = strsignal(signal);
        return "rank " + std::to_string(rank) + " was killed by signal " + std::to_string(signal) +
               (name != nullptr ? " (" + std::string(name) + ")" : std::string());
    }
    return "rank " + std::to_string(rank) + " exited with code " + std::to_string(exitCode);
}

RankProcesses::RankProcesses(const std::filesystem::path& program, const std::vector<std::string>& arguments,
                             const DistributedSpec& world, const std::vector<int>& ranks, int threadsPerProcess) {
    validateDistributedSpec(world);
    for (const auto rank : ranks) {
        std::vector<std::string> argv{program.string()};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        auto environment = environmentWith({{"RANK", std::to_string(rank)},
                                            {"LOCAL_RANK", std::to_string(rank)},
                                            {"WORLD_SIZE", std::to_string(world.worldSize)},
                                            {"MASTER_ADDR", world.masterAddress},
                                            {"MASTER_PORT", std::to_string(world.masterPort)},
                                            {"TRANSFERLAB_DIST_TIMEOUT", std::to_string(world.timeoutSeconds)},
                                            {"OMP_NUM_THREADS", std::to_string(std::max(1, threadsPerProcess))}});
        auto argvPointers = pointersTo(argv);
        auto environmentPointers = pointersTo(environment);
        pid_t pid = 0;
        const int failed =
            posix_spawn(&pid, program.c_str(), nullptr, nullptr, argvPointers.data(), environmentPointers.data());
        if (failed != 0) {
            stopAll(2.0);
            throw Error("cannot start rank " + std::to_string(rank) + " (" + program.string() +
                        "): " + std::strerror(failed));
        }
        children_.push_back({rank, pid, true});
    }
}

RankProcesses::~RankProcesses() {
    if (anyRunning()) stopAll(5.0);
}

std::vector<RankExit> RankProcesses::collectEnded() {
    std::vector<RankExit> ended;
    for (auto& child : children_) {
        if (!child.running) continue;
        int status = 0;
        if (waitpid(child.pid, &status, WNOHANG) == child.pid) {
            child.running = false;
            ended.push_back(exitOf(child.rank, status));
        }
    }
    return ended;
}

bool RankProcesses::anyRunning() const {
    for (const auto& child : children_) {
        if (child.running) return true;
    }
    return false;
}

void RankProcesses::signalAll(int signal) {
    for (const auto& child : children_) {
        if (child.running) kill(child.pid, signal);
    }
}

std::vector<RankExit> RankProcesses::stopAll(double graceSeconds) {
    signalAll(SIGTERM);
    signalAll(SIGCONT);  // a stopped process handles its SIGTERM only once it runs again
    std::vector<RankExit> ended;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(graceSeconds);
    while (anyRunning() && std::chrono::steady_clock::now() < deadline) {
        for (const auto& exit : collectEnded()) ended.push_back(exit);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    signalAll(SIGKILL);
    for (auto& child : children_) {
        if (!child.running) continue;
        int status = 0;
        waitpid(child.pid, &status, 0);
        child.running = false;
        ended.push_back(exitOf(child.rank, status));
    }
    return ended;
}

int freeLoopbackPort() {
    const int socketFd = socket(AF_INET, SOCK_STREAM, 0);
    if (socketFd < 0) throw Error(std::string("cannot open a socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    const bool bound = bind(socketFd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                       getsockname(socketFd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    const int error = errno;
    close(socketFd);
    if (!bound) throw Error(std::string("cannot find a free port on 127.0.0.1: ") + std::strerror(error));
    return ntohs(address.sin_port);
}

std::filesystem::path currentExecutable() {
    std::error_code error;
    auto path = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) throw Error("cannot tell where this program is (/proc/self/exe): " + error.message());
    return path;
}

}  // namespace tl
