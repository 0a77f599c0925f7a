#include "render/markdown.h"

#include <gtest/gtest.h>

namespace qalam::render {
namespace {

TEST(MarkdownTest, GfmExtensions) {
  EXPECT_EQ(markdown_to_html("~~old~~ new"), "<p><del>old</del> new</p>\n");
  EXPECT_NE(markdown_to_html("| a | b |\n| - | - |\n| 1 | 2 |\n").find("<table>"), std::string::npos);
  EXPECT_EQ(markdown_to_html("see https://example.org now"),
            "<p>see <a href=\"https://example.org\">https://example.org</a> now</p>\n");
}

TEST(MarkdownTest, RawHtmlAndDangerousLinksAreNotRendered) {
  std::string html = markdown_to_html("<script>alert(1)</script>\n\nhi <b onclick=x>there</b>");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<b "), std::string::npos);
  std::string link = markdown_to_html("[x](javascript:alert(1))");
  EXPECT_EQ(link.find("javascript:"), std::string::npos);
}

TEST(MarkdownTest, UnicodeSurvives) {
  EXPECT_EQ(markdown_to_html("## Qarabağ — Шуша"), "<h2>Qarabağ — Шуша</h2>\n");
}

TEST(MarkdownPlain, SnippetsReadAsText) {
  EXPECT_EQ(markdown_to_plain("**Bahar** gəldi, _şəhər_ [çiçəkləndi](/az/x \"t\")."), "Bahar gəldi, şəhər çiçəkləndi.");
  EXPECT_EQ(markdown_to_plain("## Başlıq\n> sitat\n- bənd\n1. birinci"), "Başlıq sitat bənd birinci");
  EXPECT_EQ(markdown_to_plain("![Qız qalası](/media/q.png \"Bakı\") qaladır"), "Qız qalası qaladır");
  EXPECT_EQ(markdown_to_plain("snake_case and `code` stay readable"), "snake_case and code stay readable");
  // A snippet that begins inside a link, with highlight marks.
  EXPECT_EQ(markdown_to_plain("…ən \x01Şuşa\x02](/az/susa) şəhəri"), "…ən \x01Şuşa\x02 şəhəri");
}

}  // namespace
}  // namespace qalam::render
