// The desktop implementation of playground/platform.h.
#include "platform.h"

namespace ecsplay::playground::platform {

const char* name() { return "desktop"; }

}  // namespace ecsplay::playground::platform
