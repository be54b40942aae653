// The browser implementation of playground/platform.h.
#include "platform.h"

namespace ecsplay::playground::platform {

const char* name() { return "web"; }

}  // namespace ecsplay::playground::platform
