// The demo site's content, loaded by `qalam init --demo`.
#pragma once

#include <filesystem>

#include "app/site_media.h"
#include "store/store.h"

namespace qalam::app {

// The seed page's content (demo/seed.jsonl; its two newest pieces featured) and a
// generated corpus of `generated_articles`, both through the import path a user would
// use, with drawn illustrations uploaded into the site's media library as the
// seed pieces' and every third generated story's featured image. The site's name and
// tagline in each language.
Status load_demo_content(store::Store& store, SiteMedia& media, int64_t generated_articles = 2000);

// The demo desk's watch lists (Karabakh, Azerbaijan, Connectivity), part of the above;
// `make demo` adds the site's own feeds as sources, so the inbox fills without network.
Status load_demo_watch_lists(store::Store& store);

}  // namespace qalam::app
