#pragma once
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace tl::test {

/// tests/support/http_test_server.py running on 127.0.0.1 (a free port) for the lifetime of the
/// object, serving the files of `root`; see the script for its URL modes. Header-only: it needs
/// TRANSFERLAB_SOURCE_DIR and TRANSFERLAB_PYTHON, which every test executable has.
class HttpTestServer {
public:
    HttpTestServer(const std::filesystem::path& root, const std::filesystem::path& log) : log_(log) {
        int out[2];
        if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            const std::string script = TRANSFERLAB_SOURCE_DIR "/tests/support/http_test_server.py";
            ::execl(TRANSFERLAB_PYTHON, TRANSFERLAB_PYTHON, script.c_str(), root.c_str(), log.c_str(), nullptr);
            ::_exit(127);
        }
        ::close(out[1]);
        FILE* stream = ::fdopen(out[0], "r");
        char line[32] = {};
        const bool read = std::fgets(line, sizeof line, stream) != nullptr;
        std::fclose(stream);
        port_ = read ? std::atoi(line) : 0;
        if (port_ <= 0) throw std::runtime_error("the test HTTP server did not start");
    }
    ~HttpTestServer() { stop(); }
    HttpTestServer(const HttpTestServer&) = delete;
    HttpTestServer& operator=(const HttpTestServer&) = delete;

    int port() const { return port_; }
    /// "http://127.0.0.1:PORT" + path.
    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
    /// The requests served so far, one JSON object per line.
    std::vector<std::string> requests() const {
        std::vector<std::string> lines;
        std::ifstream in(log_);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        return lines;
    }
    /// Ends the server now (a host that is gone).
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

private:
    std::filesystem::path log_;
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace tl::test
