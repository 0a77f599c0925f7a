#include "render/escape.h"

namespace qalam::render {

void append_escaped(std::string& out, std::string_view text, const EscapeTable& table) {
  out.reserve(out.size() + text.size());
  const char* run = text.data();
  const char* end = text.data() + text.size();
  for (const char* p = run; p != end; ++p) {
    const char* replacement = table[static_cast<unsigned char>(*p)];
    if (replacement == nullptr) continue;
    out.append(run, p);
    out.append(replacement);
    run = p + 1;
  }
  out.append(run, end);
}

}  // namespace qalam::render
