// The demo site's content, loaded by `qalam init --demo`.
#pragma once

#include "store/store.h"

namespace qalam::app {

// The seed page's content (demo/seed.jsonl) and a generated corpus of
// `generated_articles`, both through the import path a user would use.
Status load_demo_content(store::Store& store, int64_t generated_articles = 2000);

}  // namespace qalam::app
