#include "core/text_diff.h"

#include <gtest/gtest.h>

namespace qalam {
namespace {

std::string shown(const std::vector<DiffLine>& runs) {
  std::string out;
  for (const auto& r : runs) {
    out += r.kind == DiffKind::same ? r.text : r.kind == DiffKind::removed ? "[-" + r.text + "]" : "{+" + r.text + "}";
  }
  return out;
}

std::string render(const std::vector<DiffLine>& d) {
  std::string out;
  for (const auto& l : d) {
    out += l.kind == DiffLine::Kind::same ? ' ' : l.kind == DiffLine::Kind::added ? '+' : '-';
    out += l.text + "\n";
  }
  return out;
}

TEST(TextDiff, MarksRemovedAndAddedLines) {
  EXPECT_EQ(render(diff_lines("a\nb\nc\nd", "a\nc\nx\nd")), " a\n-b\n c\n+x\n d\n");
  EXPECT_EQ(render(diff_lines("", "new")), "+new\n");
  EXPECT_EQ(render(diff_lines("old", "")), "-old\n");
  EXPECT_EQ(render(diff_lines("same\n", "same\n")), " same\n");
  EXPECT_EQ(render(diff_lines("Şuşa\nBakı", "Шуша\nBakı")), "-Şuşa\n+Шуша\n Bakı\n");
}


TEST(TextDiff, AChangedWordReadsInline) {
  EXPECT_EQ(shown(diff_words("Şuşa gets a new school this spring.", "Şuşa gets two new schools this spring.")),
            "Şuşa gets [-a ]{+two }new [-school ]{+schools }this spring.");
  EXPECT_EQ(shown(diff_words("same", "same")), "same");
  EXPECT_EQ(shown(diff_words("", "Added")), "{+Added}");
  EXPECT_EQ(shown(diff_words("Gone", "")), "[-Gone]");
  // Cyrillic words are words too.
  EXPECT_EQ(shown(diff_words("Весна в Шуше", "Лето в Шуше")), "[-Весна ]{+Лето }в Шуше");
}

TEST(TextDiff, CompactShowsChangedParagraphsAndCountsTheRest) {
  std::string before, after;
  for (int i = 1; i <= 10; ++i) {
    before += "Paragraph " + std::to_string(i) + ".\n";
    after += (i == 6 ? std::string("Paragraph six, rewritten.") : "Paragraph " + std::to_string(i) + ".") + "\n";
  }
  auto blocks = compact_diff(before, after, 1);
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_EQ(blocks[0].skipped, 4u);                       // 1–4 unchanged
  EXPECT_EQ(shown(blocks[1].runs), "Paragraph 5.");       // context
  EXPECT_EQ(shown(blocks[2].runs), "Paragraph [-6.]{+six, rewritten.}");
  EXPECT_EQ(shown(blocks[3].runs), "Paragraph 7.");       // context
  EXPECT_EQ(blocks[4].skipped, 3u);                       // 8–10
  EXPECT_TRUE(compact_diff("same\n", "same\n").size() == 1 && compact_diff("same\n", "same\n")[0].skipped == 1);
}

TEST(TextDiff, HugeTextsFallBackToWholeRuns) {
  std::string a, b;
  for (int i = 0; i < 6000; ++i) {
    a += "a" + std::to_string(i) + " ";
    b += "b" + std::to_string(i) + " ";
  }
  auto d = diff_words(a, b);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].text, a);
  EXPECT_EQ(d[1].text, b);
}

}  // namespace
}  // namespace qalam
