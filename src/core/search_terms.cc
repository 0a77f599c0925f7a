#include "core/search_terms.h"

#include <libstemmer.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/text.h"

namespace qalam {
namespace {

bool is_mark(UChar32 c) {
  int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

// Azerbaijani letters that English spells with two: ş→sh, ç→ch, ğ→gh, x→kh. Only for
// words that are recognisably Azerbaijani (they hold ə ı ş ç ğ ö ü), so English "text"
// keeps its x.
std::string english_spelling(std::string_view word) {
  static constexpr std::string_view az_letters[] = {"ə", "Ə", "ı", "ş", "Ş", "ç", "Ç", "ğ", "Ğ", "ö", "Ö", "ü", "Ü", "İ"};
  bool azerbaijani = false;
  for (std::string_view l : az_letters) azerbaijani |= word.find(l) != std::string_view::npos;
  if (!azerbaijani) return {};
  std::string out;
  for (size_t i = 0; i < word.size();) {
    struct Pair {
      std::string_view from, to;
    };
    static constexpr Pair pairs[] = {{"ş", "sh"}, {"Ş", "Sh"}, {"ç", "ch"}, {"Ç", "Ch"}, {"ğ", "gh"},
                                     {"Ğ", "Gh"}, {"x", "kh"}, {"X", "Kh"}};
    bool replaced = false;
    for (const Pair& p : pairs) {
      if (word.substr(i).starts_with(p.from)) {
        out += p.to;
        i += p.from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += word[i++];
  }
  return fold(out);
}

bool has_cyrillic(std::string_view word) {
  for (unsigned char c : word) {
    if (c == 0xD0 || c == 0xD1) return true;  // lead bytes of U+0400–U+047F
  }
  return false;
}

// The Snowball stem of a folded word, for the word's script: Russian for Cyrillic,
// English for Latin. Stemmers are not thread-safe: one pair per thread.
std::string snowball_stem(std::string_view folded, bool cyrillic) {
  struct Stemmers {
    sb_stemmer* english = sb_stemmer_new("english", "UTF_8");
    sb_stemmer* russian = sb_stemmer_new("russian", "UTF_8");
    ~Stemmers() {
      if (english) sb_stemmer_delete(english);
      if (russian) sb_stemmer_delete(russian);
    }
  };
  thread_local Stemmers stemmers;
  sb_stemmer* s = cyrillic ? stemmers.russian : stemmers.english;
  if (s == nullptr || folded.size() < 4) return {};
  const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(folded.data()), static_cast<int>(folded.size()));
  if (out == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(s)));
}

// The stem as a term of its own, marked so that it never meets a word: "~export".
void emit_stem(SearchTerm& term, std::string_view folded, bool cyrillic, TermUse use,
               const std::function<void(const SearchTerm&)>& emit) {
  std::string stem = snowball_stem(folded, cyrillic);
  if (stem.empty() || (stem == folded && use == TermUse::index)) return;
  term.text = "~" + stem;
  term.variant = true;
  emit(term);
}

void emit_word(std::string_view text, size_t begin, size_t end, bool ascii, bool has_alnum, TermUse use,
               const std::function<void(const SearchTerm&)>& emit) {
  std::string_view word = text.substr(begin, end - begin);
  SearchTerm term;
  term.begin = begin;
  term.end = end;
  if (use == TermUse::words && has_alnum) {
    // Highlighting reads positions and offsets, never the text: the word as written
    // will do, sparing its folding. (Only a word of marks alone folds to nothing and
    // holds no position; that one is folded below to find out.)
    term.text = word;
    emit(term);
    return;
  }
  if (ascii) {
    term.text.reserve(word.size());
    for (char c : word) term.text += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    emit(term);
    if (use == TermUse::words) return;
    std::string folded = std::move(term.text);
    emit_stem(term, folded, false, use, emit);
    return;
  }
  term.text = fold(word);
  emit(term);
  if (use == TermUse::words) return;
  const bool cyrillic = has_cyrillic(word);
  std::string folded = term.text;
  std::string alternative = cyrillic ? fold(to_latin(word)) : english_spelling(word);
  if (!alternative.empty() && alternative != term.text) {
    term.text = std::move(alternative);
    term.variant = true;
    emit(term);
  }
  emit_stem(term, folded, cyrillic, use, emit);
}

}  // namespace

void for_each_search_term(std::string_view utf8, const std::function<void(const SearchTerm&)>& emit, TermUse use) {
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  int32_t n = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  int32_t word_begin = -1;
  bool ascii = true;
  bool has_alnum = false;
  while (i < n) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    bool alnum = c >= 0 && (c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9')
                                     : u_isalnum(c) != 0);
    bool inside = alnum || (c >= 0x80 && is_mark(c));
    if (inside) {
      if (word_begin < 0) {
        word_begin = at;
        ascii = true;
        has_alnum = false;
      }
      ascii &= c < 0x80;
      has_alnum |= alnum;
    } else if (word_begin >= 0) {
      emit_word(utf8, static_cast<size_t>(word_begin), static_cast<size_t>(at), ascii, has_alnum, use, emit);
      word_begin = -1;
    }
  }
  if (word_begin >= 0) emit_word(utf8, static_cast<size_t>(word_begin), utf8.size(), ascii, has_alnum, use, emit);
}

}  // namespace qalam
