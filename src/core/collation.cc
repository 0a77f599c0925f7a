#include "core/collation.h"

#include <unicode/coll.h>
#include <unicode/locid.h>

#include <map>
#include <memory>

namespace qalam {

int collate(std::string_view a, std::string_view b, std::string_view lang) {
  thread_local std::map<std::string, std::unique_ptr<icu::Collator>, std::less<>> collators;
  auto it = collators.find(lang);
  if (it == collators.end()) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale(std::string(lang).c_str()), status));
    if (U_FAILURE(status)) return a.compare(b);
    it = collators.emplace(std::string(lang), std::move(c)).first;
  }
  UErrorCode status = U_ZERO_ERROR;
  auto r = it->second->compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                                   icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), status);
  return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

bool is_country_code(std::string_view iso2) {
  if (iso2.size() != 2 || iso2[0] < 'A' || iso2[0] > 'Z' || iso2[1] < 'A' || iso2[1] > 'Z') return false;
  for (const char* const* c = icu::Locale::getISOCountries(); *c != nullptr; ++c) {
    if (iso2 == *c) return true;
  }
  return false;
}

std::string country_name(std::string_view iso2, std::string_view lang) {
  if (!is_country_code(iso2)) return {};
  icu::Locale region("", std::string(iso2).c_str());
  icu::UnicodeString name;
  region.getDisplayCountry(icu::Locale(std::string(lang).c_str()), name);
  std::string out;
  name.toUTF8String(out);
  return out;
}

}  // namespace qalam
