#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tl::cli {

/// A usage mistake (unknown option, missing value, bad number): exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Parses one command's arguments: declared options ("--epochs 3" or "--epochs=3"), switches
/// ("--json") and positional arguments. Anything undeclared is a UsageError that names it and
/// suggests the closest declared option.
class ArgumentParser {
public:
    explicit ArgumentParser(std::string command) : command_(std::move(command)) {}

    ArgumentParser& option(const std::string& name, const std::string& valueName, const std::string& help);
    ArgumentParser& flag(const std::string& name, const std::string& help);
    ArgumentParser& positional(const std::string& name, const std::string& help, bool many = false,
                               bool required = true);

    /// Throws UsageError. "--help" sets helpRequested() instead of failing on what is missing.
    void parse(const std::vector<std::string>& arguments);

    bool helpRequested() const { return help_; }
    std::string usage() const;

    bool has(const std::string& name) const;
    std::string get(const std::string& name, const std::string& fallback = {}) const;
    std::optional<int> getInt(const std::string& name) const;
    std::optional<double> getDouble(const std::string& name) const;
    /// A seed: a whole number from 0 to 2^64 - 1, as experiment files hold them.
    std::optional<std::uint64_t> getSeed(const std::string& name) const;
    const std::vector<std::string>& positionals() const { return positionalValues_; }

private:
    struct Declared {
        std::string name;
        std::string valueName;  ///< empty for a switch
        std::string help;
    };
    struct Positional {
        std::string name;
        std::string help;
        bool many;
        bool required;
    };
    const Declared* find(const std::string& name) const;

    std::string command_;
    std::vector<Declared> declared_;
    std::vector<Positional> positionalsDeclared_;
    std::map<std::string, std::string> values_;
    std::vector<std::string> positionalValues_;
    bool help_ = false;
};

}  // namespace tl::cli
