// Escaping for markup: the bytes to replace as a table, runs of bytes that need none
// appended at once (a byte-by-byte append cost a feed of twenty bodies a third of its
// time). The HTML and XML escapers are tables of this.
//
// Thread-safety: pure functions over constant tables.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace qalam::render {

// byte → its replacement: nullptr keeps the byte, "" drops it.
using EscapeTable = std::array<const char*, 256>;

void append_escaped(std::string& out, std::string_view text, const EscapeTable& table);

// & < > " and ' as entities, the apostrophe as `apostrophe` (&#39; in HTML, &apos; in XML).
constexpr EscapeTable markup_escapes(const char* apostrophe) {
  EscapeTable t{};
  t['&'] = "&amp;";
  t['<'] = "&lt;";
  t['>'] = "&gt;";
  t['"'] = "&quot;";
  t['\''] = apostrophe;
  return t;
}

}  // namespace qalam::render
