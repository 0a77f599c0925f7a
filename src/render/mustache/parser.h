// Internal: compiles Mustache source text into the node tree of node.h.
#pragma once

#include <string_view>

#include "core/status.h"
#include "render/mustache/node.h"

namespace qalam::render::mustache {

// Parses `source`; errors read "origin:line:column: message".
Result<CompiledTemplate> compile_template(std::string_view name, std::string_view source,
                                          std::string_view origin);

}  // namespace qalam::render::mustache
