#include "core/weights/internal/RestrictedUnpickler.h"

#include <bit>
#include <map>
#include <stdexcept>

#include "core/util/Error.h"
#include "core/weights/internal/PickleGlobals.h"
#include "core/weights/internal/PickleOpcodes.h"

namespace tl::internal {
namespace {

using Kind = PickleValue::Kind;

[[noreturn]] void malformed(const std::string& what) {
    throw std::invalid_argument(what);
}

/// How an opcode is named in errors: the refused ones by name, any other by its hex value.
std::string opcodeName(std::uint8_t code) {
    static const std::map<std::uint8_t, std::string> kRefused{{opcode::kObj, "OBJ"},
                                                              {opcode::kNewObj, "NEWOBJ"},
                                                              {opcode::kNewObjEx, "NEWOBJ_EX"},
                                                              {opcode::kPersId, "PERSID"}};
    if (const auto found = kRefused.find(code); found != kRefused.end()) return found->second;
    static constexpr char kHex[] = "0123456789abcdef";
    return std::string("0x") + kHex[code >> 4] + kHex[code & 15];
}

/// Bytes of the length before a string opcode's text (Python 2 str counts as text: state dict
/// keys), or 0 for an opcode that is not a string.
std::size_t lengthPrefix(std::uint8_t code) {
    switch (code) {
        case opcode::kShortBinUnicode:
        case opcode::kShortBinString:
        case opcode::kShortBinBytes:
            return 1;
        case opcode::kBinUnicode:
        case opcode::kBinString:
        case opcode::kBinBytes:
            return 4;
        case opcode::kBinUnicode8:
        case opcode::kBinBytes8:
            return 8;
        default:
            return 0;
    }
}

}  // namespace

RestrictedUnpickler::RestrictedUnpickler(std::string_view data, std::string source)
    : cursor_(data), source_(std::move(source)) {}

void RestrictedUnpickler::fail(const std::string& what) const {
    throw Error(source_ + " is damaged or not a PyTorch weights file: " + what + " (pickle byte " +
                std::to_string(cursor_.position()) + ")");
}

PickleDocument RestrictedUnpickler::load() {
    doc_ = PickleDocument{};
    stack_.clear();
    marks_.clear();
    memo_.clear();
    try {
        for (std::uint8_t code = cursor_.u8(); code != opcode::kStop; code = cursor_.u8()) {
            if (!control(code) && !scalar(code) && !container(code) && !memo(code) && !call(code)) {
                malformed("the pickle opcode " + opcodeName(code) + " is not used by weights files");
            }
        }
        if (stack_.size() != 1 || !marks_.empty()) {
            malformed("STOP with " + std::to_string(stack_.size()) + " values on the stack");
        }
    } catch (const std::logic_error& problem) {
        fail(problem.what());
    }
    doc_.root = std::move(stack_.back());
    stack_.clear();
    memo_.clear();
    return std::move(doc_);
}

bool RestrictedUnpickler::control(std::uint8_t code) {
    switch (code) {
        case opcode::kProto:
            if (cursor_.u8() > 5) malformed("unknown pickle protocol");
            return true;
        case opcode::kFrame:  // a length hint for buffered readers; the data is all here
            cursor_.take(8);
            return true;
        case opcode::kMark:
            marks_.push_back(stack_.size());
            return true;
        case opcode::kPop:
            pop();
            return true;
        case opcode::kPopMark:
            popToMark();
            return true;
        case opcode::kDup:
            stack_.push_back(top());
            return true;
        default:
            return false;
    }
}

bool RestrictedUnpickler::scalar(std::uint8_t code) {
    if (const auto prefix = lengthPrefix(code)) {
        const bool bytes = code == opcode::kShortBinBytes || code == opcode::kBinBytes || code == opcode::kBinBytes8;
        stack_.push_back(
            PickleValue::makeText(bytes ? Kind::Bytes : Kind::String, cursor_.take(cursor_.unsignedLe(prefix))));
        return true;
    }
    switch (code) {
        case opcode::kNone:
            stack_.emplace_back();
            return true;
        case opcode::kNewTrue:
        case opcode::kNewFalse:
            stack_.push_back(PickleValue::makeScalar(Kind::Bool, code == opcode::kNewTrue ? 1 : 0));
            return true;
        case opcode::kBinInt:
            stack_.push_back(PickleValue::makeInteger(cursor_.take(4)));
            return true;
        case opcode::kBinInt1:
            stack_.push_back(PickleValue::makeScalar(Kind::Int, cursor_.u8()));
            return true;
        case opcode::kBinInt2:
            stack_.push_back(PickleValue::makeScalar(Kind::Int, static_cast<std::int64_t>(cursor_.unsignedLe(2))));
            return true;
        case opcode::kLong1:
            stack_.push_back(PickleValue::makeInteger(cursor_.take(cursor_.u8())));
            return true;
        case opcode::kLong4:
            stack_.push_back(PickleValue::makeInteger(cursor_.take(cursor_.unsignedLe(4))));
            return true;
        case opcode::kBinFloat: {  // big-endian IEEE 754 double
            std::uint64_t bits = 0;
            for (const char byte : cursor_.take(8)) bits = (bits << 8) | static_cast<unsigned char>(byte);
            PickleValue value;
            value.kind = Kind::Float;
            value.real = std::bit_cast<double>(bits);
            stack_.push_back(std::move(value));
            return true;
        }
        default:
            return false;
    }
}

bool RestrictedUnpickler::container(std::uint8_t code) {
    switch (code) {
        case opcode::kEmptyList:
        case opcode::kList:
            stack_.push_back(
                makeSequence(Kind::List, code == opcode::kList ? popToMark() : std::vector<PickleValue>{}));
            return true;
        case opcode::kEmptyTuple:
        case opcode::kTuple:
            stack_.push_back(
                makeSequence(Kind::Tuple, code == opcode::kTuple ? popToMark() : std::vector<PickleValue>{}));
            return true;
        case opcode::kTuple1:
        case opcode::kTuple2:
        case opcode::kTuple3: {
            std::vector<PickleValue> items(static_cast<std::size_t>(code - opcode::kTuple1 + 1));
            for (auto item = items.rbegin(); item != items.rend(); ++item) *item = pop();
            stack_.push_back(makeSequence(Kind::Tuple, std::move(items)));
            return true;
        }
        case opcode::kEmptyDict:
        case opcode::kDict: {
            auto items = code == opcode::kDict ? popToMark() : std::vector<PickleValue>{};
            PickleValue dict;
            dict.kind = Kind::Dict;
            dict.index = doc_.dicts.size();
            doc_.dicts.emplace_back();
            setItems(dict, std::move(items));
            stack_.push_back(std::move(dict));
            return true;
        }
        case opcode::kAppend: {
            auto item = pop();
            appendTo(top(), {std::move(item)});
            return true;
        }
        case opcode::kAppends: {
            auto items = popToMark();
            appendTo(top(), std::move(items));
            return true;
        }
        case opcode::kSetItem: {
            auto item = pop();
            auto key = pop();
            setItems(top(), {std::move(key), std::move(item)});
            return true;
        }
        case opcode::kSetItems: {
            auto items = popToMark();
            setItems(top(), std::move(items));
            return true;
        }
        default:
            return false;
    }
}

bool RestrictedUnpickler::memo(std::uint8_t code) {
    switch (code) {
        case opcode::kBinPut:
            memo_[cursor_.u8()] = top();
            return true;
        case opcode::kLongBinPut:
            memo_[cursor_.unsignedLe(4)] = top();
            return true;
        case opcode::kMemoize:
            memo_[memo_.size()] = top();
            return true;
        case opcode::kBinGet:
        case opcode::kLongBinGet: {
            const auto found = memo_.find(code == opcode::kBinGet ? cursor_.u8() : cursor_.unsignedLe(4));
            if (found == memo_.end()) malformed("a memo entry is read before it is written");
            stack_.push_back(found->second);
            return true;
        }
        default:
            return false;
    }
}

bool RestrictedUnpickler::call(std::uint8_t code) {
    switch (code) {
        case opcode::kGlobal: {
            auto module = cursor_.line();
            stack_.push_back(makeGlobal(module, cursor_.line()));
            return true;
        }
        case opcode::kStackGlobal: {
            const auto name = pop();
            const auto module = pop();
            if (!module.is(Kind::String) || !name.is(Kind::String)) malformed("STACK_GLOBAL needs two strings");
            stack_.push_back(makeGlobal(module.text(), name.text()));
            return true;
        }
        case opcode::kInst: {  // names its class inline: refuse that by name first
            auto module = cursor_.line();
            makeGlobal(module, cursor_.line());
            malformed("the INST opcode is not used by weights files");
        }
        case opcode::kReduce: {
            const auto args = pop();
            const auto callable = pop();
            if (!callable.is(Kind::Global)) malformed("REDUCE calls something that is not a global");
            if (!args.is(Kind::Tuple)) malformed("REDUCE without an argument tuple");
            const auto arguments = doc_.sequences[args.index];
            stack_.push_back(recordCall(doc_, callable.text(), arguments));
            return true;
        }
        case opcode::kBuild:
            pop();
            // torch.save sets an OrderedDict's _metadata (module versions) this way; loading needs none of it.
            if (!top().is(Kind::Dict)) malformed("BUILD is applied to something other than an OrderedDict");
            return true;
        case opcode::kBinPersId: {
            const auto id = pop();
            stack_.push_back(recordStorage(doc_, id));
            return true;
        }
        default:
            return false;
    }
}

PickleValue RestrictedUnpickler::pop() {
    auto value = top();
    stack_.pop_back();
    return value;
}

PickleValue& RestrictedUnpickler::top() {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) malformed("stack underflow");
    return stack_.back();
}

std::vector<PickleValue> RestrictedUnpickler::popToMark() {
    if (marks_.empty()) malformed("MARK expected");
    const auto mark = static_cast<std::ptrdiff_t>(marks_.back());
    marks_.pop_back();
    std::vector<PickleValue> items(std::make_move_iterator(stack_.begin() + mark),
                                   std::make_move_iterator(stack_.end()));
    stack_.erase(stack_.begin() + mark, stack_.end());
    return items;
}

PickleValue RestrictedUnpickler::makeSequence(Kind kind, std::vector<PickleValue> items) {
    PickleValue value;
    value.kind = kind;
    value.index = doc_.sequences.size();
    doc_.sequences.push_back(std::move(items));
    return value;
}

PickleValue RestrictedUnpickler::makeGlobal(const std::string& module, const std::string& name) const {
    // Protocol 2 spells Python 3's builtins the Python 2 way; name them as the user knows them.
    const std::string qualified = (module == "__builtin__" ? "builtins" : module) + "." + name;
    if (!isAllowedGlobal(qualified)) {
        const auto shown = qualified.size() > 200 ? qualified.substr(0, 200) + "..." : qualified;
        throw Error("refusing to load " + source_ + ": it calls " + shown + ", which a weights file never needs");
    }
    return PickleValue::makeText(Kind::Global, qualified);
}

void RestrictedUnpickler::appendTo(const PickleValue& list, std::vector<PickleValue> items) {
    if (!list.is(Kind::List)) malformed("APPEND to something that is not a list");
    auto& target = doc_.sequences[list.index];
    for (auto& item : items) target.push_back(std::move(item));
}

void RestrictedUnpickler::setItems(const PickleValue& dict, std::vector<PickleValue> items) {
    if (!dict.is(Kind::Dict)) malformed("SETITEM on something that is not a dict");
    if (items.size() % 2 != 0) malformed("SETITEMS with an odd number of values");
    auto& target = doc_.dicts[dict.index];
    for (std::size_t i = 0; i < items.size(); i += 2) target.emplace_back(std::move(items[i]), std::move(items[i + 1]));
}

}  // namespace tl::internal
