#include "core/text_diff.h"

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

}  // namespace

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after) {
  auto a = split_lines(before);
  auto b = split_lines(after);
  std::vector<DiffLine> out;
  // Common head and tail cost nothing; the table covers only what lies between.
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  for (size_t i = 0; i < head; ++i) out.push_back({DiffLine::Kind::same, std::string(a[i])});
  const size_t n = a.size() - head - tail, m = b.size() - head - tail;
  if (n > 20'000 || m > 20'000 || n * m > 50'000'000) {
    for (size_t i = 0; i < n; ++i) out.push_back({DiffLine::Kind::removed, std::string(a[head + i])});
    for (size_t j = 0; j < m; ++j) out.push_back({DiffLine::Kind::added, std::string(b[head + j])});
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
        out.push_back({DiffLine::Kind::same, std::string(a[head + i])});
        ++i, ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        out.push_back({DiffLine::Kind::removed, std::string(a[head + i])});
        ++i;
      } else {
        out.push_back({DiffLine::Kind::added, std::string(b[head + j])});
        ++j;
      }
    }
  }
  for (size_t k = a.size() - tail; k < a.size(); ++k) out.push_back({DiffLine::Kind::same, std::string(a[k])});
  return out;
}

}  // namespace qalam
