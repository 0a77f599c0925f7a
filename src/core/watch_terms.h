// Watch-list matching for press monitoring: does a text name a place or a person the
// desk follows, however the outlet spells it? A term is reduced to a skeleton that
// spellings of one name share across scripts and languages:
//   Cyrillic to Latin (to_latin), the search folding (fold: case, accents, ş→s, ə→e,
//   ß→ss), then the transliterations' digraphs (sch, sh, ch → s; zh, dzh, dj → j;
//   kh → k; ou, oo → u; German ae, oe, ue → a, o, u; iy → i), q and x → k, y → i,
//   doubled letters once, and final vowels gone (Russian and German endings).
// So "Şuşa" finds Shusha, Schuscha, Шуша, Шуше and Chouchi; "Aliyev" finds Aliev and
// Алиев. A word also matches a term of four skeleton letters or more that begins it
// with at most three more ("Karabakh" finds "Karabakhs"). A term may hold several
// spellings, comma-separated ("Karabakh, Qarabağ"), and several words ("Nagorno
// Karabakh"), matched as consecutive words. What skeletons cannot join (Azərbaycan and
// Azerbaijan) is listed as a second spelling.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qalam {

struct WatchTerm {
  std::string text;                                 // as the desk wrote it
  std::vector<std::vector<std::string>> spellings;  // each: its words' skeletons
};

std::string name_skeleton(std::string_view word);
WatchTerm compile_watch_term(std::string_view text);

struct TermMatch {
  size_t begin = 0, end = 0;  // bytes of the text
  size_t term = 0;            // index into the terms
};

// Every match, in text order, none overlapping.
std::vector<TermMatch> match_watch_terms(std::string_view text, const std::vector<WatchTerm>& terms);

}  // namespace qalam
