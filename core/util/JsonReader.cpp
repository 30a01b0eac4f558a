#include "core/util/JsonReader.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/util/Error.h"
#include "core/util/Suggestion.h"

namespace tl {
namespace {

const nlohmann::json& emptyObject() {
    static const nlohmann::json empty = nlohmann::json::object();
    return empty;
}

std::string describe(const nlohmann::json& value) {
    auto text = value.dump();
    return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

}  // namespace

JsonReader::JsonReader(const nlohmann::json& object, std::string source, std::string path)
    : object_(object), source_(std::move(source)), path_(std::move(path)) {
    if (!object_.is_object()) {
        throw Error(source_ + ": " + (path_.empty() ? std::string("top level") : path_) + ": expected an object, got " +
                    describe(object_));
    }
}

nlohmann::json JsonReader::parse(const std::string& text, const std::string& source) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
        // byte offset -> line and column, which is what an editor shows
        const auto offset = std::min<std::size_t>(error.byte, text.size());
        const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n');
        const auto lineStart = text.rfind('\n', offset == 0 ? 0 : offset - 1);
        const auto column = offset - (lineStart == std::string::npos ? 0 : lineStart + 1);
        throw Error(source + ": invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
                    ": " + std::string(error.what()).substr(std::string(error.what()).rfind(':') + 2));
    } catch (const nlohmann::json::exception& error) {
        // A number too large for a double (1e400) is out_of_range, not a parse error.
        const std::string what = error.what();
        const auto bracket = what.find("] ");
        throw Error(source + ": invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2)));
    }
}

nlohmann::json JsonReader::parseFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot open file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), file.string());
}

std::string JsonReader::pathOf(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
}

void JsonReader::fail(const std::string& key, const std::string& message) const {
    throw Error(source_ + ": " + pathOf(key) + ": " + message);
}

bool JsonReader::has(const std::string& key) const {
    return field(key) != nullptr;
}

const nlohmann::json* JsonReader::field(const std::string& key) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return nullptr;
    return &*it;
}

void JsonReader::read(const std::string& key, std::string& value) const {
    if (auto* f = field(key)) {
        if (!f->is_string()) fail(key, "expected a string, got " + describe(*f));
        value = f->get<std::string>();
    }
}

void JsonReader::read(const std::string& key, double& value) const {
    if (auto* f = field(key)) {
        if (!f->is_number()) fail(key, "expected a number, got " + describe(*f));
        value = f->get<double>();
    }
}

void JsonReader::read(const std::string& key, int& value) const {
    if (auto* f = field(key)) {
        if (!f->is_number_integer()) fail(key, "expected an integer, got " + describe(*f));
        const auto wide = f->get<long long>();
        if (wide < INT32_MIN || wide > INT32_MAX) fail(key, "integer out of range: " + describe(*f));
        value = static_cast<int>(wide);
    }
}

void JsonReader::read(const std::string& key, std::uint64_t& value) const {
    if (auto* f = field(key)) {
        if (!f->is_number_integer() ||
            (f->is_number_integer() && !f->is_number_unsigned() && f->get<long long>() < 0)) {
            fail(key, "expected a non-negative integer, got " + describe(*f));
        }
        value = f->get<std::uint64_t>();
    }
}

void JsonReader::read(const std::string& key, bool& value) const {
    if (auto* f = field(key)) {
        if (!f->is_boolean()) fail(key, "expected true or false, got " + describe(*f));
        value = f->get<bool>();
    }
}

void JsonReader::read(const std::string& key, std::vector<std::string>& value) const {
    if (auto* f = field(key)) {
        if (!f->is_array()) fail(key, "expected a list of strings, got " + describe(*f));
        std::vector<std::string> items;
        for (std::size_t i = 0; i < f->size(); ++i) {
            if (!(*f)[i].is_string())
                fail(key + "[" + std::to_string(i) + "]", "expected a string, got " + describe((*f)[i]));
            items.push_back((*f)[i].get<std::string>());
        }
        value = std::move(items);
    }
}

void JsonReader::read(const std::string& key, std::vector<int>& value) const {
    if (auto* f = field(key)) {
        if (!f->is_array()) fail(key, "expected a list of integers, got " + describe(*f));
        std::vector<int> items;
        for (std::size_t i = 0; i < f->size(); ++i) {
            if (!(*f)[i].is_number_integer())
                fail(key + "[" + std::to_string(i) + "]", "expected an integer, got " + describe((*f)[i]));
            items.push_back((*f)[i].get<int>());
        }
        value = std::move(items);
    }
}

JsonReader JsonReader::object(const std::string& key) const {
    if (auto* f = field(key)) {
        if (!f->is_object()) fail(key, "expected an object, got " + describe(*f));
        return JsonReader(*f, source_, pathOf(key));
    }
    return JsonReader(emptyObject(), source_, pathOf(key));
}

void JsonReader::rejectUnknown(std::initializer_list<const char*> known) const {
    for (const auto& item : object_.items()) {
        const std::string& key = item.key();
        if (std::find_if(known.begin(), known.end(), [&](const char* k) { return key == k; }) != known.end()) continue;
        const auto closest = closestMatch(key, std::vector<std::string>(known.begin(), known.end()), 2);
        std::string message = "unknown field";
        if (!closest.empty()) message += "; did you mean '" + closest + "'?";
        fail(key, message);
    }
}

}  // namespace tl
