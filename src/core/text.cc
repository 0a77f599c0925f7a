#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>

namespace qalam {
namespace {

std::unique_ptr<icu::Transliterator> make_transliterator(const char* id) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
  if (U_FAILURE(status)) return nullptr;
  return t;
}

// Russian by BGN/PCGN (readable: "ya", "zh", "sh"), then whatever script remains.
icu::Transliterator* latin_transliterator() {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    auto compound = make_transliterator("Russian-Latin/BGN; Any-Latin");
    return compound ? std::move(compound) : make_transliterator("Any-Latin");
  }();
  return t.get();
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace

namespace {

// fold() without ICU for the letters of Azerbaijani, English and Russian text (almost
// everything a Qalam site holds): false when the text has anything else, and ICU folds.
bool fold_common(std::string_view utf8, std::string& out) {
  out.clear();
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
      ++i;
      continue;
    }
    if (i + 1 >= utf8.size()) return false;
    unsigned cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3F);
    if ((c & 0xE0) != 0xC0) return false;  // three- and four-byte letters go to ICU
    i += 2;
    switch (cp) {
      case 0x259: case 0x18F: out += 'e'; continue;              // ə Ə
      case 0x131: case 0x130: out += 'i'; continue;              // ı İ
      case 0x15F: case 0x15E: out += 's'; continue;              // ş Ş
      case 0xE7: case 0xC7: out += 'c'; continue;                // ç Ç
      case 0x11F: case 0x11E: out += 'g'; continue;              // ğ Ğ
      case 0xF6: case 0xD6: out += 'o'; continue;                // ö Ö
      case 0xFC: case 0xDC: out += 'u'; continue;                // ü Ü
      case 0x451: case 0x401: out += "\xD0\xB5"; continue;       // ё Ё → е
      default: break;
    }
    if (cp >= 0x410 && cp <= 0x44F) {  // А–я: lower-case, no marks to drop
      unsigned lower = cp < 0x430 ? cp + 0x20 : cp;
      out += static_cast<char>(0xC0 | (lower >> 6));
      out += static_cast<char>(0x80 | (lower & 0x3F));
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

std::string fold(std::string_view utf8) {
  std::string fast;
  if (fold_common(utf8, fast)) return fast;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  s = nfkc->normalize(s, status);
  s.foldCase(U_FOLD_CASE_EXCLUDE_SPECIAL_I);  // Turkic: İ→i, I→ı
  s = nfd->normalize(s, status);
  icu::UnicodeString out;
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    if (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK) {
      // Accents go, except the breve of й, which is a letter of its own in Russian.
      UChar32 base = out.isEmpty() ? 0 : out.char32At(out.length() - 1);
      bool cyrillic = uscript_getScript(base, &status) == USCRIPT_CYRILLIC;
      if (cyrillic && c == 0x0306) out.append(c);
      continue;
    }
    switch (c) {
      case 0x0259: c = 'e'; break;  // ə
      case 0x0131: c = 'i'; break;  // ı
      default: break;
    }
    out.append(c);
  }
  return to_utf8(nfkc->normalize(out, status));
}

std::vector<std::string> split_words(std::string_view utf8) {
  std::vector<std::string> out;
  std::string word;
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  int32_t i = 0, n = static_cast<int32_t>(utf8.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && u_isalnum(c)) {
      word.append(utf8.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

std::string to_latin(std::string_view utf8) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (icu::Transliterator* t = latin_transliterator()) t->transliterate(s);
  return to_utf8(s);
}

std::string slugify(std::string_view utf8, size_t max_length) {
  std::string latin = to_latin(utf8);
  // BGN writes ь and ъ as primes (ʹ ʺ); like apostrophes they vanish instead of splitting words.
  for (std::string_view mark : {"\u02B9", "\u02BA", "\u2019"}) {
    for (size_t at = latin.find(mark); at != std::string::npos; at = latin.find(mark, at)) latin.erase(at, mark.size());
  }
  std::string folded = fold(latin);
  std::string slug;
  bool dash = false;
  for (unsigned char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !slug.empty()) slug += '-';
      slug += static_cast<char>(c);
      dash = false;
    } else if (c != '\'' && c < 0x80) {
      dash = true;  // apostrophes vanish ("don't" → "dont"); other ASCII separates words
    } else if (c >= 0x80) {
      dash = true;  // anything not transliterable separates words
    }
  }
  if (slug.size() > max_length) {
    size_t cut = slug.rfind('-', max_length);
    slug.resize(cut == std::string::npos || cut == 0 ? max_length : cut);
  }
  return slug;
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > 200 || slug.front() == '-' || slug.back() == '-') return false;
  char prev = 0;
  for (char c : slug) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

bool is_valid_utf8(std::string_view utf8) {
  int32_t i = 0, n = static_cast<int32_t>(utf8.size());
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::optional<int64_t> parse_int(std::string_view text) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 && c < 0x80) {
      out += ch;
    } else if (ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

std::optional<std::string> percent_decode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

int reading_minutes(std::string_view text) {
  int64_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  constexpr int64_t per_minute = 200;
  return static_cast<int>(std::max<int64_t>(1, (words + per_minute - 1) / per_minute));
}

std::string_view utf8_prefix(std::string_view utf8, size_t max_chars) {
  size_t chars = 0, i = 0;
  while (i < utf8.size() && chars < max_chars) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  return utf8.substr(0, std::min(i, utf8.size()));
}

std::string_view trim_space(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace qalam
