// Diffs between two texts (revisions of a piece): the longest common subsequence of
// lines, or of words, reported as runs of kept, removed and added text.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qalam {

enum class DiffKind { same, removed, added };

struct DiffLine {
  using Kind = DiffKind;
  Kind kind;
  std::string text;
};

// Lines of `before` and `after` in order, each marked. Texts of more than 20,000 lines
// each fall back to "all removed, all added" rather than quadratic work.
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after);

// `before` and `after` as runs of words, each run kept, removed or added, in reading
// order (a changed word reads inline, its old form before its new). Words split at
// spaces, each keeping the spaces after it; neighbouring runs of a kind are merged.
// Past 5,000 words a side, the whole of each is one run.
std::vector<DiffLine> diff_words(std::string_view before, std::string_view after);

// What a revision page shows of one text: its changed paragraphs as word diffs, with
// `context` unchanged lines kept around each change and the others counted in gaps.
struct DiffBlock {
  std::vector<DiffLine> runs;  // a paragraph; empty for a gap
  size_t skipped = 0;          // a gap: how many unchanged lines it stands for
};
std::vector<DiffBlock> compact_diff(std::string_view before, std::string_view after, size_t context = 1);

}  // namespace qalam
