#include "core/util/Version.h"

namespace tl {

std::string_view version() {
    return TRANSFERLAB_VERSION;
}

}  // namespace tl
