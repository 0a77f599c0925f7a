// Internal: the compiled form of a Mustache template, shared by the parser and the
// renderer. Not part of the engine's public face (template.h).
#pragma once

#include <string>
#include <vector>

namespace qalam::render::mustache {

enum class NodeKind { text, variable, section, inverted, partial, parent, block };

struct Node {
  NodeKind kind = NodeKind::text;
  // text: the literal text; variable/section/inverted/block: the tag's name;
  // partial/parent: the template's name (or, when dynamic, the name to look up).
  std::string name;
  std::vector<std::string> path;  // dotted name split at '.'; empty for "."
  bool escape = true;             // variable: {{x}} escapes, {{{x}}} and {{&x}} do not
  bool dynamic = false;           // partial/parent: {{>*name}}
  bool standalone = false;        // partial/parent/block: alone on its line
  bool line_start = false;        // text: begins at column 1 of a source line
  std::string indent;             // partial/parent/block: indentation applied to its lines
  std::vector<Node> children;     // section/inverted/block: body; parent: its block arguments
};

struct CompiledTemplate {
  std::string name;
  std::vector<Node> root;
};

}  // namespace qalam::render::mustache
