#pragma once
// Internal, torch-free: the only globals a weights pickle may name, and what calling them records.
#include <string_view>
#include <vector>

#include "core/weights/internal/PickleValue.h"

namespace tl::internal {

/// True for "collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
/// "torch._utils._rebuild_parameter", "torch._utils._rebuild_tensor",
/// "torch.jit._pickle.restore_type_tag" (LibTorch's pickle_save; the identity) and the storage classes
/// "torch.FloatStorage", "torch.DoubleStorage", "torch.HalfStorage", "torch.BFloat16Storage",
/// "torch.LongStorage", "torch.IntStorage", "torch.ShortStorage", "torch.CharStorage",
/// "torch.ByteStorage", "torch.BoolStorage" (also spelled "torch.cuda.<Type>Storage").
bool isAllowedGlobal(std::string_view qualified);

/// REDUCE of allowed global `qualified` on `args`, without executing anything: an OrderedDict
/// becomes an empty dict in `doc`, a tensor rebuild a TensorRecord in `doc`, a parameter rebuild
/// its tensor, a type tag its value. Throws std::invalid_argument describing malformed arguments (bad types, negative
/// or overflowing sizes, a view beyond its storage) or a call no state dict makes.
PickleValue recordCall(PickleDocument& doc, std::string_view qualified, const std::vector<PickleValue>& args);

/// BINPERSID of torch.save's storage id ('storage', <Storage class>, key, location, numel[,
/// view]): a StorageRef in `doc`. Throws std::invalid_argument for any other persistent id.
PickleValue recordStorage(PickleDocument& doc, const PickleValue& id);

}  // namespace tl::internal
