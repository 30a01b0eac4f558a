#pragma once
// Internal, torch-free: reads the pickles torch.save writes without executing anything.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/weights/internal/ByteCursor.h"
#include "core/weights/internal/PickleValue.h"

namespace tl::internal {

/// A pickle reader for weights files. It understands the opcodes of protocols 2 to 5 that
/// torch.save emits for state dicts and checkpoints, and names only these globals:
/// collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter,
/// torch._utils._rebuild_tensor (legacy) and the torch.<Type>Storage classes. Calls to them are
/// not executed but recorded (a dict, a StorageRef, a TensorRecord). Any other global is refused
/// with tl::Error ("refusing to load <file>: it calls <module>.<name>, ...") the moment it is
/// named, and so is any opcode that could construct an arbitrary object. Malformed or truncated
/// data is a tl::Error too: every read is bounds-checked, and values never own each other, so
/// hostile nesting or cycles cannot exhaust the stack.
class RestrictedUnpickler {
public:
    /// `data` starts at a pickle and must outlive load(); `source` names the file in errors.
    RestrictedUnpickler(std::string_view data, std::string source);

    /// Reads one pickle, up to and including its STOP opcode.
    PickleDocument load();

    /// Bytes consumed so far: after load(), the offset just past STOP, where a next pickle (or
    /// the raw storages of the legacy format) starts.
    std::size_t position() const { return cursor_.position(); }

private:
    ByteCursor cursor_;
    std::string source_;
    PickleDocument doc_;
    std::vector<PickleValue> stack_;
    std::vector<std::size_t> marks_;  ///< stack_ sizes at each MARK
    std::unordered_map<std::uint64_t, PickleValue> memo_;

    [[noreturn]] void fail(const std::string& what) const;

    // Each handles its family of opcodes and returns false for any other opcode. Malformed input
    // throws std::logic_error, which load() turns into tl::Error with the file and position.
    bool control(std::uint8_t opcode);
    bool scalar(std::uint8_t opcode);
    bool container(std::uint8_t opcode);
    bool memo(std::uint8_t opcode);
    bool call(std::uint8_t opcode);

    PickleValue pop();
    PickleValue& top();
    std::vector<PickleValue> popToMark();
    PickleValue makeSequence(PickleValue::Kind kind, std::vector<PickleValue> items);
    PickleValue makeGlobal(const std::string& module, const std::string& name) const;
    void appendTo(const PickleValue& list, std::vector<PickleValue> items);
    void setItems(const PickleValue& dict, std::vector<PickleValue> items);
};

}  // namespace tl::internal
