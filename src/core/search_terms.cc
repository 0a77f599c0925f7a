#include "core/search_terms.h"

#include <libstemmer.h>

#include <algorithm>
#include <vector>

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
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

// Snowball stemmers are not thread-safe: one set per thread.
struct Stemmers {
  sb_stemmer* english = sb_stemmer_new("english", "UTF_8");
  sb_stemmer* russian = sb_stemmer_new("russian", "UTF_8");
  sb_stemmer* turkish = sb_stemmer_new("turkish", "UTF_8");
  ~Stemmers() {
    for (sb_stemmer* s : {english, russian, turkish}) {
      if (s) sb_stemmer_delete(s);
    }
  }
};
thread_local Stemmers stemmers;

// The Snowball stem of a folded word, for the word's script: Russian for Cyrillic,
// English for Latin.
std::string snowball_stem(std::string_view folded, bool cyrillic) {
  sb_stemmer* s = cyrillic ? stemmers.russian : stemmers.english;
  if (s == nullptr || folded.size() < 4) return {};
  const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(folded.data()), static_cast<int>(folded.size()));
  if (out == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(s)));
}

// A Latin-script word as Turkish writes it, for the Turkish stemmer (which serves
// Azerbaijani): lower-cased by the Turkic rules, unfolded (vowel harmony tells ı from
// i), with ə as Turkish writes the same vowel, e.
std::string turkish_spelling(std::string_view word) {
  // Without ICU for ASCII and the letters of Azerbaijani: nearly every word.
  std::string out;
  out.reserve(word.size());
  bool done = true;
  for (size_t i = 0; i < word.size() && done; ++i) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if (c < 0x80) {
      if (c == 'I') out += "\xC4\xB1";  // ı
      else out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
      continue;
    }
    if (i + 1 >= word.size() || (c & 0xE0) != 0xC0) {
      done = false;
      break;
    }
    unsigned cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(word[i + 1]) & 0x3F);
    ++i;
    switch (cp) {
      case 0x259: case 0x18F: out += 'e'; break;             // ə Ə
      case 0x130: out += 'i'; break;                         // İ
      case 0x131: out += "\xC4\xB1"; break;                // ı
      case 0x15F: case 0x15E: out += "\xC5\x9F"; break;    // ş Ş
      case 0xE7: case 0xC7: out += "\xC3\xA7"; break;      // ç Ç
      case 0x11F: case 0x11E: out += "\xC4\x9F"; break;    // ğ Ğ
      case 0xF6: case 0xD6: out += "\xC3\xB6"; break;      // ö Ö
      case 0xFC: case 0xDC: out += "\xC3\xBC"; break;      // ü Ü
      default: done = false;
    }
  }
  if (done) return out;
  static const icu::Locale azerbaijani("az");
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  s.toLower(azerbaijani);
  s.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x259)), icu::UnicodeString(static_cast<UChar32>('e')));
  out.clear();
  s.toUTF8String(out);
  return out;
}

std::string turkish_stem(const std::string& spelled) {
  if (stemmers.turkish == nullptr || spelled.size() < 4) return {};
  const sb_symbol* out = sb_stemmer_stem(stemmers.turkish, reinterpret_cast<const sb_symbol*>(spelled.data()),
                                         static_cast<int>(spelled.size()));
  if (out == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(stemmers.turkish)));
}

size_t letters(std::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

// A stem as the index holds it after "~" (`marked`), and as a folded word would be
// (`plain`). English and Russian stems come from the folded word, so the two are one;
// Turkish stems keep their letters, since folded the stems of unrelated words would
// meet ("Şuşa" and "şüşə", glass, would both be "sus").
struct Stem {
  std::string marked;
  std::string plain;
};

// A word's stems at its position, marked so that they never meet a word: "~export".
// Indexing adds a stem only where it differs from the word. A query adds each always,
// and where it differs also the stem as a plain word: a piece may hold just that form
// ("analitiki" finds "analitik", "realists" finds "realist"), whose stem, being the
// word itself, was never indexed. A query also offers the word itself as a stem, for
// pieces whose words the stemmer cuts to what was typed while it cuts the typed word
// further ("şəbəkələrdə" → "şebeke", but "şəbəkə" → "şebek"). A prefix (the word being
// typed) adds the plain stems only: "analitiki*" then also finds "analitik" and
// "analitikləri". Plain stems have four letters or more.
void emit_stems(SearchTerm& term, std::string_view folded, const std::vector<Stem>& stems, const std::string* spelled,
                TermUse use, const std::function<void(const SearchTerm&)>& emit) {
  std::vector<std::string> done;
  auto offer = [&](std::string text) {
    if (std::find(done.begin(), done.end(), text) != done.end()) return;
    done.push_back(text);
    term.variant = true;
    term.text = std::move(text);
    emit(term);
  };
  if (use == TermUse::query && letters(folded) >= 4) {
    offer("~" + std::string(folded));
    if (spelled != nullptr) offer("~" + *spelled);
  }
  for (const Stem& stem : stems) {
    if (stem.marked.empty()) continue;
    bool differs = stem.plain != folded;
    bool plain = differs && letters(stem.plain) >= 4;  // shorter ones would be other words
    if (use == TermUse::prefix) {
      if (plain) offer(stem.plain);
      continue;
    }
    if (!differs && use == TermUse::index) continue;
    offer("~" + stem.marked);
    if (use == TermUse::query && plain) offer(stem.plain);
  }
}

// The stems of a Latin-script word: English and Turkish.
void emit_latin_stems(SearchTerm& term, std::string_view word, const std::string& folded, TermUse use,
                      const std::function<void(const SearchTerm&)>& emit) {
  std::string english = snowball_stem(folded, false);
  std::string spelled = turkish_spelling(word);
  std::string turkish = turkish_stem(spelled);
  std::string turkish_plain = turkish.empty() ? std::string() : fold(turkish);
  emit_stems(term, folded, {{english, english}, {std::move(turkish), std::move(turkish_plain)}}, &spelled, use, emit);
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
    emit_latin_stems(term, word, folded, use, emit);
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
  if (cyrillic) {
    std::string stem = snowball_stem(folded, true);
    emit_stems(term, folded, {{stem, stem}}, nullptr, use, emit);
  } else {
    emit_latin_stems(term, word, folded, use, emit);
  }
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
