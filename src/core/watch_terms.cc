#include "core/watch_terms.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <utility>

#include "core/text.h"

namespace qalam {
namespace {

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

struct Word {
  size_t begin, end;
};

// Runs of letters, marks and digits, with their byte offsets.
std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> out;
  size_t i = 0;
  bool in = false;
  size_t start = 0;
  while (i < text.size()) {
    size_t at = i;
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, text.size(), c);
    bool part = c >= 0 && (u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0);
    if (part && !in) start = at, in = true;
    if (!part && in) out.push_back({start, at}), in = false;
  }
  if (in) out.push_back({start, text.size()});
  return out;
}

}  // namespace

std::string name_skeleton(std::string_view word) {
  std::string w = fold(to_latin(word));
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> digraphs = {{
      {"sch", "s"}, {"dzh", "j"}, {"zh", "j"}, {"dj", "j"}, {"sh", "s"}, {"ch", "s"}, {"kh", "k"}, {"gh", "g"},
      {"ph", "f"}, {"ou", "u"}, {"oo", "u"}, {"ae", "a"}, {"oe", "o"}, {"ue", "u"}, {"iy", "i"},
  }};
  std::string out;
  out.reserve(w.size());
  for (size_t i = 0; i < w.size();) {
    bool replaced = false;
    for (const auto& [from, to] : digraphs) {
      if (w.compare(i, from.size(), from) == 0) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    char c = w[i++];
    if (c == 'q' || c == 'x') c = 'k';
    if (c == 'y') c = 'i';
    if (c == 'w') c = 'v';
    out += c;
  }
  std::string once;
  for (char c : out) {
    if (once.empty() || once.back() != c) once += c;
  }
  while (once.size() > 3 && is_vowel(once.back())) once.pop_back();
  return once;
}

WatchTerm compile_watch_term(std::string_view text) {
  WatchTerm t;
  t.text = std::string(text);
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view spelling = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    std::vector<std::string> words;
    for (const Word& w : words_of(spelling)) {
      std::string s = name_skeleton(spelling.substr(w.begin, w.end - w.begin));
      if (!s.empty()) words.push_back(std::move(s));
    }
    if (!words.empty()) t.spellings.push_back(std::move(words));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return t;
}

std::vector<TermMatch> match_watch_terms(std::string_view text, const std::vector<WatchTerm>& terms) {
  std::vector<TermMatch> out;
  std::vector<Word> words = words_of(text);
  std::vector<std::string> skeletons;
  skeletons.reserve(words.size());
  for (const Word& w : words) skeletons.push_back(name_skeleton(text.substr(w.begin, w.end - w.begin)));
  auto word_matches = [](const std::string& word, const std::string& term) {
    if (word == term) return true;
    return term.size() >= 4 && word.size() <= term.size() + 3 && word.compare(0, term.size(), term) == 0;
  };
  for (size_t i = 0; i < words.size();) {
    size_t matched_words = 0, matched_term = 0;
    for (size_t t = 0; t < terms.size() && matched_words == 0; ++t) {
      for (const auto& spelling : terms[t].spellings) {
        if (i + spelling.size() > words.size()) continue;
        bool all = true;
        for (size_t k = 0; k < spelling.size() && all; ++k) all = word_matches(skeletons[i + k], spelling[k]);
        if (all) {
          matched_words = spelling.size();
          matched_term = t;
          break;
        }
      }
    }
    if (matched_words == 0) {
      ++i;
      continue;
    }
    out.push_back({words[i].begin, words[i + matched_words - 1].end, matched_term});
    i += matched_words;
  }
  return out;
}

}  // namespace qalam
