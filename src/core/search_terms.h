// Search terms: how text becomes the terms a search index holds and a query looks for.
// Words are cut at anything that is not a letter, digit or combining mark; each word
// is folded (text.h fold) and, where readers spell it other ways, given variants at
// the same position:
//   Шуша  → "шуша" and "shusha"   (Cyrillic, transliterated BGN/PCGN)
//   Şuşa  → "susa" and "shusha"   (Azerbaijani ş ç ğ x as English spells them)
//   Shusha → "shusha"
// so `Shusha`, `Şuşa` and `Шуша` meet, and `azerbaycanin` finds `Azərbaycanın`.
// Offsets are bytes of the original text, so snippets highlight the original words.
//
// Thread-safety: any thread.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace qalam {

struct SearchTerm {
  std::string text;   // folded
  size_t begin = 0;   // byte offsets of the word in the original text
  size_t end = 0;
  bool variant = false;  // another spelling of the previous term, same position
};

// Stems: each word of four letters or more also has its Snowball stems at its
// position, marked "~": English for Latin script ("~export" for "exports"), Turkish
// for Latin script too, serving Azerbaijani ("~azerbayca" for "Azərbaycanın", kept in
// its own letters), Russian for Cyrillic. Indexing adds a stem only where it differs
// from the word; a query (`query`) adds every stem always, the word itself as a stem,
// and the stems as plain words, so that "realist" finds "realists" and "realists"
// finds "realist". The word being typed (`prefix`) adds its stems as plain words only.
// `words` gives the words alone, as written (no folding, variants or stems), at the
// positions indexing gives them: what highlighting needs to find each position's
// offsets, without the cost of transliterating every word.
enum class TermUse { index, query, prefix, words };

void for_each_search_term(std::string_view utf8, const std::function<void(const SearchTerm&)>& emit,
                          TermUse use = TermUse::index);

}  // namespace qalam
