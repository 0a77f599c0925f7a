// The wiring of press monitoring's polling: the fetcher's limits from [monitoring].
#pragma once

#include "app/config.h"
#include "ingest/feed_fetcher.h"

namespace qalam::app {

ingest::FetchLimits fetch_limits(const Config& config);

}  // namespace qalam::app
