#pragma once
#include <filesystem>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tl {

/// Reads a JSON object field by field, so every error names the file and the field's full path
/// ("exp.json: training.optimizer.learning_rate: expected a number, got \"fast\"").
/// Unknown fields are errors too: a typo must not silently fall back to a default.
class JsonReader {
public:
    /// `source` prefixes messages (usually the file name); `path` is this object's field path.
    JsonReader(const nlohmann::json& object, std::string source, std::string path = {});

    /// Parses `text`; a syntax error becomes "<source>: invalid JSON at line L, column C: ...".
    static nlohmann::json parse(const std::string& text, const std::string& source);
    static nlohmann::json parseFile(const std::filesystem::path& file);

    bool has(const std::string& key) const;
    /// Each getter leaves `value` unchanged when the field is absent (or null).
    void read(const std::string& key, std::string& value) const;
    void read(const std::string& key, double& value) const;
    void read(const std::string& key, int& value) const;
    void read(const std::string& key, std::uint64_t& value) const;
    void read(const std::string& key, bool& value) const;
    void read(const std::string& key, std::vector<std::string>& value) const;
    void read(const std::string& key, std::vector<int>& value) const;
    /// The nested object at `key` (an empty object when absent).
    JsonReader object(const std::string& key) const;

    /// Throws for any field not in `known`, suggesting the closest known name.
    void rejectUnknown(std::initializer_list<const char*> known) const;

    /// Throws "<source>: <path.key>: <message>".
    [[noreturn]] void fail(const std::string& key, const std::string& message) const;
    std::string pathOf(const std::string& key) const;

private:
    const nlohmann::json* field(const std::string& key) const;
    const nlohmann::json& object_;
    std::string source_;
    std::string path_;
};

}  // namespace tl
