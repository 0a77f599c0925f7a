// What the HTML fuzz targets check of everything they render: no construct that runs
// script — a <script>, <iframe>, <object> or <embed> element, an on…= attribute, a
// javascript:, vbscript: or data:text/html link.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

namespace fuzz_checks {

inline std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A tag the renderer wrote (not text: that is escaped) with a dangerous name or attribute.
inline bool runs_script(const std::string& html) {
  std::string h = lower(html);
  for (const char* bad : {"<script", "<iframe", "<object", "<embed", "href=\"javascript:", "src=\"javascript:",
                          "href=\"vbscript:", "src=\"vbscript:", "href=\"data:text/html"}) {
    if (h.find(bad) != std::string::npos) return true;
  }
  // An attribute named on… inside a tag.
  bool in_tag = false, in_value = false;
  for (size_t i = 0; i < h.size(); ++i) {
    char c = h[i];
    if (!in_tag) {
      in_tag = c == '<';
      continue;
    }
    if (in_value) {
      in_value = c != '"';
      continue;
    }
    if (c == '"') in_value = true;
    if (c == '>') in_tag = false;
    if (c == ' ' && h.compare(i + 1, 2, "on") == 0) {
      size_t j = i + 3;
      while (j < h.size() && std::isalpha(static_cast<unsigned char>(h[j]))) ++j;
      if (j < h.size() && h[j] == '=') return true;
    }
  }
  return false;
}

}  // namespace fuzz_checks

