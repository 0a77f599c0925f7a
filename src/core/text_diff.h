// A line diff between two texts (revisions of a piece): the longest common
// subsequence of lines, reported as runs of kept, removed and added lines.
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qalam {

struct DiffLine {
  enum class Kind { same, removed, added };
  Kind kind;
  std::string text;
};

// Lines of `before` and `after` in order, each marked. Texts of more than 20,000 lines
// each fall back to "all removed, all added" rather than quadratic work.
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after);

}  // namespace qalam
