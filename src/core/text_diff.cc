#include "core/text_diff.h"

#include <algorithm>
#include <cstdint>

namespace qalam {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      lines.push_back(text);
      break;
    }
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return lines;
}

// Words with the spaces that follow them: "a  b" is "a  ", "b".
std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find_first_of(" \t\n", at);
    if (end == std::string_view::npos) end = text.size();
    end = text.find_first_not_of(" \t\n", end);
    if (end == std::string_view::npos) end = text.size();
    words.push_back(text.substr(at, end - at));
    at = end;
  }
  return words;
}

// The longest common subsequence of `a` and `b`, reported token by token through
// `emit(kind, token)`; past `limit` tokens a side (or a table past 50M cells), all
// of `a` removed and all of `b` added.
template <typename Emit>
void diff_tokens(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b, size_t limit,
                 Emit emit) {
  // Common head and tail cost nothing; the table covers only what lies between.
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  for (size_t i = 0; i < head; ++i) emit(DiffKind::same, a[i]);
  const size_t n = a.size() - head - tail, m = b.size() - head - tail;
  if (n > limit || m > limit || n * m > 50'000'000) {
    for (size_t i = 0; i < n; ++i) emit(DiffKind::removed, a[head + i]);
    for (size_t j = 0; j < m; ++j) emit(DiffKind::added, b[head + j]);
  } else {
    // lcs[i][j]: the common subsequence length of a[head+i..] and b[head+j..].
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        emit(DiffKind::same, a[head + i]);
        ++i, ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        emit(DiffKind::removed, a[head + i]);
        ++i;
      } else {
        emit(DiffKind::added, b[head + j]);
        ++j;
      }
    }
  }
  for (size_t k = a.size() - tail; k < a.size(); ++k) emit(DiffKind::same, a[k]);
}

}  // namespace

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after) {
  std::vector<DiffLine> out;
  diff_tokens(split_lines(before), split_lines(after), 20'000,
              [&](DiffKind kind, std::string_view line) { out.push_back({kind, std::string(line)}); });
  return out;
}

std::vector<DiffLine> diff_words(std::string_view before, std::string_view after) {
  std::vector<DiffLine> out;
  // Removed and added words of one change are gathered so the old text reads whole
  // before the new one ("the old words" then "the new words"), not interleaved.
  std::string removed, added;
  auto flush = [&] {
    if (!removed.empty()) out.push_back({DiffKind::removed, std::move(removed)});
    if (!added.empty()) out.push_back({DiffKind::added, std::move(added)});
    removed.clear();
    added.clear();
  };
  diff_tokens(split_words(before), split_words(after), 5'000, [&](DiffKind kind, std::string_view word) {
    if (kind == DiffKind::removed) {
      removed += word;
    } else if (kind == DiffKind::added) {
      added += word;
    } else {
      flush();
      if (!out.empty() && out.back().kind == DiffKind::same) out.back().text += word;
      else out.push_back({DiffKind::same, std::string(word)});
    }
  });
  flush();
  return out;
}

std::vector<DiffBlock> compact_diff(std::string_view before, std::string_view after, size_t context) {
  std::vector<DiffLine> lines = diff_lines(before, after);
  // Which unchanged lines stay: those within `context` of a change.
  std::vector<bool> keep(lines.size(), false);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].kind == DiffKind::same) continue;
    size_t from = i >= context ? i - context : 0, to = std::min(lines.size(), i + context + 1);
    for (size_t k = from; k < to; ++k) keep[k] = true;
  }
  std::vector<DiffBlock> out;
  size_t i = 0;
  while (i < lines.size()) {
    if (lines[i].kind == DiffKind::same) {
      if (keep[i]) {
        if (!lines[i].text.empty()) out.push_back({{{DiffKind::same, lines[i].text}}, 0});
        ++i;
        continue;
      }
      size_t skipped = 0;
      while (i < lines.size() && lines[i].kind == DiffKind::same && !keep[i]) {
        if (!lines[i].text.empty()) ++skipped;
        ++i;
      }
      if (skipped > 0) out.push_back({{}, skipped});
      continue;
    }
    // A change: the removed lines against the added ones, word by word.
    std::string removed, added;
    for (; i < lines.size() && lines[i].kind != DiffKind::same; ++i) {
      std::string& to = lines[i].kind == DiffKind::removed ? removed : added;
      if (!to.empty()) to += '\n';
      to += lines[i].text;
    }
    out.push_back({diff_words(removed, added), 0});
  }
  return out;
}

}  // namespace qalam
