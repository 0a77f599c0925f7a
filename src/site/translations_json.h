// A per-language text as a JSON object ({"az": …, "en": …}): how the API shows names
// and bios, and how the newsroom's content forms hold them.
//
// Thread-safety: pure function.
#pragma once

#include <boost/json/object.hpp>

#include "core/content.h"

namespace qalam::site {

inline boost::json::object translations_json(const Translations& texts) {
  boost::json::object o;
  for (const auto& [lang, text] : texts) o[lang] = text;
  return o;
}

}  // namespace qalam::site
