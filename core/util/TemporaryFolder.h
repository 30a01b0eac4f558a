#pragma once
#include <filesystem>
#include <string>

namespace tl {

/// A new, private folder under the system's temporary folder ($TMPDIR, else /tmp), named
/// `<prefix>-XXXXXX`, removed with everything in it when the object goes. Throws tl::Error when
/// it cannot be made.
class TemporaryFolder {
public:
    explicit TemporaryFolder(const std::string& prefix);
    ~TemporaryFolder();
    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace tl
