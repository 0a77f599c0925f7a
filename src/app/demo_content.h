// The demo site's content, loaded by `qalam init --demo`.
#pragma once

#include "store/store.h"

namespace qalam::app {

Status load_demo_content(store::Store& store);

}  // namespace qalam::app
