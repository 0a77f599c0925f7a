#include "ingest/feed_encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/text.h"

namespace qalam::ingest {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The converter ICU should use for a declared name: the supersets real servers mean.
std::string converter_name(std::string_view declared) {
  std::string n = lower(declared);
  if (n == "iso-8859-1" || n == "iso8859-1" || n == "latin1" || n == "latin-1" || n == "us-ascii" ||
      n == "ascii" || n == "iso_8859-1") {
    return "windows-1252";
  }
  if (n == "iso-8859-8-i" || n == "iso-8859-8") return "windows-1255";
  if (n == "iso-8859-9") return "windows-1254";
  if (n == "gb2312" || n == "gbk" || n == "x-gbk") return "GB18030";
  if (n == "utf8" || n == "utf-8") return "UTF-8";
  return std::string(declared);
}

// The encoding the byte-order mark or the spelling of "<?xml" names, and the mark's size.
std::optional<std::pair<std::string, size_t>> from_first_bytes(std::string_view b) {
  auto starts = [&](std::initializer_list<unsigned char> p) {
    if (b.size() < p.size()) return false;
    size_t i = 0;
    for (unsigned char c : p) {
      if (static_cast<unsigned char>(b[i++]) != c) return false;
    }
    return true;
  };
  if (starts({0xEF, 0xBB, 0xBF})) return std::pair<std::string, size_t>{"UTF-8", 3};
  if (starts({0xFF, 0xFE, 0x00, 0x00})) return std::pair<std::string, size_t>{"UTF-32LE", 4};
  if (starts({0x00, 0x00, 0xFE, 0xFF})) return std::pair<std::string, size_t>{"UTF-32BE", 4};
  if (starts({0xFF, 0xFE})) return std::pair<std::string, size_t>{"UTF-16LE", 2};
  if (starts({0xFE, 0xFF})) return std::pair<std::string, size_t>{"UTF-16BE", 2};
  if (starts({0x3C, 0x00, 0x00, 0x00})) return std::pair<std::string, size_t>{"UTF-32LE", 0};
  if (starts({0x00, 0x00, 0x00, 0x3C})) return std::pair<std::string, size_t>{"UTF-32BE", 0};
  if (starts({0x3C, 0x00})) return std::pair<std::string, size_t>{"UTF-16LE", 0};
  if (starts({0x00, 0x3C})) return std::pair<std::string, size_t>{"UTF-16BE", 0};
  return std::nullopt;
}

// encoding="…" of the XML declaration, looked for in the first bytes (a comment may
// stand before an ill-formed declaration).
std::string declared_encoding(std::string_view b) {
  std::string_view head = b.substr(0, 1024);
  size_t start = head.find("<?xml");
  if (start == std::string_view::npos) return {};
  size_t end = head.find("?>", start);
  if (end == std::string_view::npos) return {};
  std::string_view decl = head.substr(start, end - start);
  size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  at = decl.find_first_of("\"'", at);
  if (at == std::string_view::npos) return {};
  size_t close = decl.find(decl[at], at + 1);
  if (close == std::string_view::npos) return {};
  return std::string(decl.substr(at + 1, close - at - 1));
}

struct Converted {
  std::string utf8;
  size_t replaced = 0;
};

// U+FFFD for each unreadable sequence, counted.
void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char* units,
                                      int32_t length, UConverterCallbackReason reason, UErrorCode* err) {
  if (reason <= UCNV_IRREGULAR) ++*static_cast<size_t*>(const_cast<void*>(context));
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, units, length, reason, err);
}

std::optional<Converted> convert(std::string_view bytes, const std::string& encoding) {
  UErrorCode e = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> from(ucnv_open(encoding.c_str(), &e), ucnv_close);
  if (U_FAILURE(e)) return std::nullopt;
  Converted out;
  ucnv_setToUCallBack(from.get(), count_and_substitute, &out.replaced, nullptr, nullptr, &e);
  std::u16string wide(bytes.size() + 4, u'\0');
  // A single-byte encoding gives at most one unit per byte; multi-byte ones fewer.
  int32_t n = ucnv_toUChars(from.get(), wide.data(), static_cast<int32_t>(wide.size()), bytes.data(),
                            static_cast<int32_t>(bytes.size()), &e);
  if (e == U_BUFFER_OVERFLOW_ERROR) {
    e = U_ZERO_ERROR;
    out.replaced = 0;
    wide.assign(static_cast<size_t>(n) + 1, u'\0');
    n = ucnv_toUChars(from.get(), wide.data(), static_cast<int32_t>(wide.size()), bytes.data(),
                      static_cast<int32_t>(bytes.size()), &e);
  }
  if (U_FAILURE(e)) return std::nullopt;
  wide.resize(static_cast<size_t>(n));
  out.utf8.reserve(wide.size() * 2);
  for (size_t i = 0; i < wide.size();) {
    UChar32 c;
    U16_NEXT(wide.data(), i, wide.size(), c);
    if (U_IS_SURROGATE(c)) c = 0xFFFD;
    char buf[4];
    int32_t len = 0;
    UBool bad = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, bad);
    (void)bad;
    out.utf8.append(buf, static_cast<size_t>(len));
  }
  return out;
}

// Of the letters in words that hold any non-ASCII letter, the share that are non-ASCII.
double accented_share(std::string_view utf8) {
  size_t accented = 0, letters = 0, word_accented = 0, word_letters = 0;
  auto end_word = [&] {
    if (word_accented > 0) accented += word_accented, letters += word_letters;
    word_accented = word_letters = 0;
  };
  for (size_t i = 0; i < utf8.size();) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, utf8.size(), c);
    if (c >= 0 && u_isalpha(c)) {
      ++word_letters;
      if (c >= 0x80) ++word_accented;
    } else {
      end_word();
    }
  }
  end_word();
  return letters == 0 ? 0.0 : static_cast<double>(accented) / static_cast<double>(letters);
}

// How well a decoding's letters agree on one script: the share of non-ASCII
// characters that are letters or marks of the most common script. Mis-decoded text
// scatters over symbols and scripts.
double script_agreement(std::string_view utf8) {
  std::map<int, size_t> scripts;
  size_t non_ascii = 0;
  for (size_t i = 0; i < utf8.size();) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, utf8.size(), c);
    if (c < 0x80) continue;
    ++non_ascii;
    int8_t type = u_charType(c);
    bool letter = (U_GC_L_MASK | U_GC_M_MASK) & U_MASK(type);
    if (!letter) continue;
    UErrorCode e = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript(c, &e);
    if (s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA) s = USCRIPT_HAN;
    if (s == USCRIPT_INHERITED || s == USCRIPT_COMMON) continue;
    ++scripts[s];
  }
  if (non_ascii == 0) return 1.0;
  size_t best = 0;
  int best_script = USCRIPT_INVALID_CODE;
  for (auto& [s, n] : scripts) {
    if (n > best) best = n, best_script = s;
  }
  double share = static_cast<double>(best) / static_cast<double>(non_ascii);
  // Latin text is mostly ASCII letters with a few accented ones; words made mostly of
  // accented letters are another script read in a Latin code page.
  if (best_script == USCRIPT_LATIN && accented_share(utf8) > 0.5) share *= 0.3;
  return share;
}

std::string guess(std::string_view bytes) {
  UErrorCode e = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, void (*)(UCharsetDetector*)> det(ucsdet_open(&e), ucsdet_close);
  if (U_FAILURE(e)) return "windows-1252";
  ucsdet_setText(det.get(), bytes.data(), static_cast<int32_t>(std::min<size_t>(bytes.size(), 64 * 1024)), &e);
  int32_t n = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &n, &e);
  std::vector<std::pair<std::string, int>> candidates;
  for (int32_t i = 0; U_SUCCESS(e) && i < n; ++i) {
    std::string name = ucsdet_getName(matches[i], &e);
    // UTF-16/32 are recognised from the first bytes; here they are noise.
    if (name.rfind("UTF-16", 0) == 0 || name.rfind("UTF-32", 0) == 0) continue;
    candidates.emplace_back(name, ucsdet_getConfidence(matches[i], &e));
  }
  if (candidates.empty()) return "windows-1252";
  if (candidates.front().second >= 50) return candidates.front().first;
  // A close call: TIS-620 (which ICU does not detect) joins, and the candidate whose
  // letters agree best on one script wins.
  candidates.emplace_back("TIS-620", 0);
  std::string best = candidates.front().first;
  double best_score = -1;
  for (auto& [name, confidence] : candidates) {
    auto c = convert(bytes, converter_name(name));
    if (!c || c->replaced > 0) continue;
    double score = script_agreement(c->utf8);
    if (score > best_score + 0.15) {
      best = name;
      best_score = score;
    }
  }
  return best;
}

}  // namespace

Result<DecodedFeed> decode_feed(std::string_view bytes, std::string_view http_charset) {
  DecodedFeed out;
  std::string_view body = bytes;
  if (auto first = from_first_bytes(bytes)) {
    out.encoding = first->first;
    body.remove_prefix(first->second);
  } else if (std::string d = declared_encoding(bytes); !d.empty()) {
    out.encoding = d;
  } else if (!http_charset.empty()) {
    out.encoding = std::string(http_charset);
  } else if (is_valid_utf8(bytes)) {
    out.encoding = "UTF-8";
  } else {
    out.encoding = guess(bytes);
    out.guessed = true;
  }
  std::string name = converter_name(out.encoding);
  if (name == "UTF-8") {
    out.encoding = name;
    if (is_valid_utf8(body)) {
      out.utf8 = std::string(body);
      return out;
    }
  }
  auto c = convert(body, name);
  if (!c) {
    // A name ICU does not know: read the bytes as UTF-8 if they are, else as windows-1252.
    std::string fallback = is_valid_utf8(body) ? "UTF-8" : "windows-1252";
    c = convert(body, fallback);
    if (!c) return Status::invalid("the feed's encoding '" + out.encoding + "' is not one Qalam can read");
    out.encoding = out.encoding + " (unknown; read as " + fallback + ")";
  }
  out.utf8 = std::move(c->utf8);
  out.replaced = c->replaced;
  return out;
}

}  // namespace qalam::ingest
