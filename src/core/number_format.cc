#include "core/number_format.h"

#include <unicode/numberformatter.h>

namespace qalam {

std::string count_text(int64_t n, std::string_view lang) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString formatted =
      icu::number::NumberFormatter::withLocale(icu::Locale(std::string(lang).c_str())).formatInt(n, status).toString(status);
  if (U_FAILURE(status)) return std::to_string(n);
  std::string out;
  formatted.toUTF8String(out);
  return out;
}

}  // namespace qalam
