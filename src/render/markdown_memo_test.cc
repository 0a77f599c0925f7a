#include "render/markdown_memo.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "render/markdown.h"

namespace qalam::render {
namespace {

TEST(MarkdownMemoTest, GivesWhatTheRendererGivesAndRendersEachTextOnce) {
  MarkdownMemo memo(1 << 20);
  for (const char* text : {"# Title\n\nA *word*.", "A [link](https://example.org).", "# Title\n\nA *word*."}) {
    EXPECT_EQ(memo.html(text), markdown_to_html(text)) << text;
  }
  MarkdownMemo::Stats s = memo.stats();
  EXPECT_EQ(s.misses, 2u);
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(s.entries, 2u);
}

TEST(MarkdownMemoTest, AnEditedTextIsAnotherEntry) {
  MarkdownMemo memo(1 << 20);
  EXPECT_EQ(memo.html("Before the edit."), "<p>Before the edit.</p>\n");
  EXPECT_EQ(memo.html("After the edit."), "<p>After the edit.</p>\n");
  EXPECT_EQ(memo.html("Before the edit."), "<p>Before the edit.</p>\n");
  EXPECT_EQ(memo.stats().hits, 1u);
}

TEST(MarkdownMemoTest, TheLeastRecentlyUsedGoFirstAndTheBoundHolds) {
  // Each entry: a 10-byte text and its 18-byte HTML ("<p>…</p>\n"): 28 bytes; room for two.
  MarkdownMemo memo(60);
  memo.html("text one 1");
  memo.html("text two 2");
  memo.html("text one 1");  // used again: now the newest
  memo.html("text 3 333");  // the third: "text two 2" goes
  EXPECT_LE(memo.stats().bytes, 60u);
  EXPECT_EQ(memo.stats().entries, 2u);
  uint64_t misses = memo.stats().misses;
  memo.html("text one 1");
  EXPECT_EQ(memo.stats().misses, misses);  // still kept
  memo.html("text two 2");
  EXPECT_EQ(memo.stats().misses, misses + 1);  // rendered again
}

TEST(MarkdownMemoTest, ATextLargerThanTheMemoIsRenderedAndNotKept) {
  MarkdownMemo memo(16);
  EXPECT_EQ(memo.html("A paragraph longer than the memo."), "<p>A paragraph longer than the memo.</p>\n");
  EXPECT_EQ(memo.stats().entries, 0u);
  EXPECT_EQ(memo.stats().bytes, 0u);
}

TEST(MarkdownMemoTest, ThreadsShareIt) {
  MarkdownMemo memo(1 << 16);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&memo, t] {
      for (int i = 0; i < 500; ++i) {
        std::string text = "Piece " + std::to_string((i + t) % 50) + " with *emphasis*.";
        EXPECT_EQ(memo.html(text), markdown_to_html(text));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(memo.stats().entries, 50u);
}

}  // namespace
}  // namespace qalam::render
