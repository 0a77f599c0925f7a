// Evict: how a newsroom service tells the response cache what changed. Called after
// a change commits and before it is acknowledged, with the cache keys
// (site/cache_keys.h) of what the public now sees differently.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace qalam::newsroom {

using Evict = std::function<void(const std::vector<std::string>& keys)>;

}  // namespace qalam::newsroom
