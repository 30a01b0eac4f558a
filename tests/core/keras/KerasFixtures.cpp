#include "KerasFixtures.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>

namespace tl::test {

const KerasFixtures& KerasFixtures::get(const std::string& group) {
    static std::map<std::string, std::unique_ptr<KerasFixtures>> written;
    auto& fixtures = written[group];
    if (!fixtures) fixtures = std::make_unique<KerasFixtures>(group);
    return *fixtures;
}

KerasFixtures::KerasFixtures(const std::string& group) {
    const std::string python = TRANSFERLAB_PYTHON;
    if (python.empty()) {
        skip_ = "no Python interpreter found at configure time";
        return;
    }
    const auto quoted = "'" + python + "' ";
    if (std::system((quoted + "-c 'import h5py, torch' 2>/dev/null").c_str()) != 0) {
        skip_ = "python3-h5py / python3-torch not installed";
        return;
    }
    const auto script = std::string(TRANSFERLAB_SOURCE_DIR) + "/tests/core/keras/make_keras_fixtures.py";
    ok_ = std::system((quoted + "'" + script + "' '" + folder_.path().string() + "' " + group).c_str()) == 0;
}

}  // namespace tl::test
