#include "cli/ArgumentParser.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/util/Suggestion.h"

namespace tl::cli {

ArgumentParser& ArgumentParser::option(const std::string& name, const std::string& valueName, const std::string& help) {
    declared_.push_back({name, valueName, help});
    return *this;
}

ArgumentParser& ArgumentParser::flag(const std::string& name, const std::string& help) {
    declared_.push_back({name, "", help});
    return *this;
}

ArgumentParser& ArgumentParser::positional(const std::string& name, const std::string& help, bool many, bool required) {
    positionalsDeclared_.push_back({name, help, many, required});
    return *this;
}

const ArgumentParser::Declared* ArgumentParser::find(const std::string& name) const {
    auto it = std::find_if(declared_.begin(), declared_.end(), [&](const Declared& d) { return d.name == name; });
    return it == declared_.end() ? nullptr : &*it;
}

void ArgumentParser::parse(const std::vector<std::string>& arguments) {
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const auto& argument = arguments[i];
        if (argument == "--help" || argument == "-h") {
            help_ = true;
            return;
        }
        if (argument.rfind("--", 0) != 0 || argument == "--") {
            positionalValues_.push_back(argument);
            continue;
        }
        auto name = argument;
        std::optional<std::string> inlineValue;
        if (auto equals = argument.find('='); equals != std::string::npos) {
            name = argument.substr(0, equals);
            inlineValue = argument.substr(equals + 1);
        }
        const auto* declared = find(name);
        if (declared == nullptr) {
            std::vector<std::string> names;
            for (const auto& d : declared_) names.push_back(d.name);
            const auto closest = closestMatch(name, names);
            throw UsageError("unknown option '" + name + "' for '" + command_ + "'" +
                             (closest.empty() ? "" : " (did you mean " + closest + "?)"));
        }
        if (declared->valueName.empty()) {
            if (inlineValue) throw UsageError("option " + name + " takes no value");
            values_[name] = std::string("1");  // a std::string: GCC 12 warns falsely (-Wrestrict) on assigning "1"
        } else if (inlineValue) {
            values_[name] = *inlineValue;
        } else {
            if (i + 1 >= arguments.size())
                throw UsageError("option " + name + " needs a value (" + declared->valueName + ")");
            values_[name] = arguments[++i];
        }
    }
    std::size_t required = 0;
    bool many = false;
    for (const auto& p : positionalsDeclared_) required += p.required ? 1 : 0, many = many || p.many;
    if (positionalValues_.size() < required) {
        throw UsageError("'" + command_ + "' needs " + positionalsDeclared_[positionalValues_.size()].name);
    }
    if (!many && positionalValues_.size() > positionalsDeclared_.size()) {
        throw UsageError("unexpected argument '" + positionalValues_[positionalsDeclared_.size()] + "' for '" +
                         command_ + "'");
    }
}

bool ArgumentParser::has(const std::string& name) const {
    return values_.count(name) > 0;
}

std::string ArgumentParser::get(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

std::optional<int> ArgumentParser::getInt(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    const auto text = get(name);
    try {
        std::size_t used = 0;
        const int value = std::stoi(text, &used);
        if (used == text.size()) return value;
    } catch (const std::exception&) {
    }
    throw UsageError("option " + name + " expects an integer, got '" + text + "'");
}

std::optional<std::uint64_t> ArgumentParser::getSeed(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    const auto text = get(name);
    // std::stoull would take "-5" as 2^64 - 5: only digits are a seed.
    const bool digits =
        !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    if (digits) {
        try {
            return std::stoull(text);
        } catch (const std::out_of_range&) {
        }
    }
    throw UsageError("option " + name + " expects a whole number from 0 to 18446744073709551615, got '" + text + "'");
}

std::optional<double> ArgumentParser::getDouble(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    const auto text = get(name);
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used == text.size()) return value;
    } catch (const std::exception&) {
    }
    throw UsageError("option " + name + " expects a number, got '" + text + "'");
}

std::string ArgumentParser::usage() const {
    std::ostringstream text;
    text << "usage: transferlab-cli " << command_;
    for (const auto& p : positionalsDeclared_) {
        text << ' ' << (p.required ? "" : "[") << p.name << (p.many ? "..." : "") << (p.required ? "" : "]");
    }
    text << (declared_.empty() ? "" : " [options]") << "\n";
    for (const auto& p : positionalsDeclared_) text << "  " << p.name << "\n      " << p.help << "\n";
    for (const auto& d : declared_) {
        text << "  " << d.name << (d.valueName.empty() ? "" : " " + d.valueName) << "\n      " << d.help << "\n";
    }
    return text.str();
}

}  // namespace tl::cli
