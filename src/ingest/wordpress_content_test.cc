#include "ingest/wordpress_content.h"

#include <gtest/gtest.h>

namespace qalam::ingest {
namespace {

ContentLinks old_site_links() {
  ContentLinks links;
  links.rewrite = [](std::string_view url) -> std::string {
    if (url == "http://old.example/wp-content/uploads/2020/01/a.jpg") return "/media/abc.jpg";
    if (url == "http://old.example/2020/01/02/hello/") return "/en/articles/hello";
    return std::string(url);
  };
  links.gallery = [](const std::vector<int64_t>& ids) {
    std::vector<ContentImage> out;
    for (int64_t id : ids) out.push_back({"/media/g" + std::to_string(id) + ".jpg", "Image " + std::to_string(id), ""});
    return out;
  };
  return links;
}

std::string md(std::string_view html) { return wordpress_to_markdown(html, old_site_links()).markdown; }

TEST(WordPressContent, ClassicContentGetsWordPressParagraphsAndLineBreaks) {
  EXPECT_EQ(md("First line\nsecond line\n\nNext <strong>bold</strong> and <em>it</em>."),
            "First line\\\nsecond line\n\nNext **bold** and *it*.");
}

// Found by the fuzz target: the bytes that stand in for a set-aside <pre> block, in the
// content itself, made the restoring step throw (std::stoul) and the import abort.
TEST(WordPressContent, ControlBytesInTheContentAreDroppedNotTakenForPreBlocks) {
  using namespace std::string_literals;
  for (std::string html : {"<a \x01\x00ef=\"x\">z</a>"s, "one\x01two"s, "\x01" "7\x02 and <pre>kept\n  as is</pre>"s,
                           "<pre>a</pre>\x02\x01" "0"s}) {
    std::string out;
    EXPECT_NO_THROW(out = md(html)) << html;
    EXPECT_EQ(out.find('\x01'), std::string::npos) << html;
    EXPECT_EQ(out.find('\x02'), std::string::npos) << html;
  }
  EXPECT_NE(md("\x01" "7\x02 and <pre>kept\n  as is</pre>").find("kept\n  as is"), std::string::npos);
}

TEST(WordPressContent, GutenbergBlocksKeepTheirHtmlWithoutTheComments) {
  EXPECT_EQ(md("<!-- wp:paragraph -->\n<p>Hi <em>there</em></p>\n<!-- /wp:paragraph -->\n\n"
               "<!-- wp:heading {\"level\":3} -->\n<h3>Head</h3>\n<!-- /wp:heading -->\n\n"
               "<!-- wp:list -->\n<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>\n<!-- /wp:list -->"),
            "Hi *there*\n\n### Head\n\n- a\n- b\n  - c");
}

TEST(WordPressContent, CaptionBecomesImageAndCaptionWithNewAddress) {
  EXPECT_EQ(md("[caption id=\"attachment_5\" align=\"alignnone\" width=\"300\"]<img src=\"http://old.example/wp-content/"
               "uploads/2020/01/a.jpg\" alt=\"A field\" width=\"300\" /> Harvest in Ganja[/caption]"),
            "![A field](/media/abc.jpg)\n\n*Harvest in Ganja*");
  // The old form: the caption as an attribute.
  EXPECT_EQ(md("[caption caption=\"Old style\"]<img src=\"http://old.example/x.png\" alt=\"\">[/caption]"),
            "![](http://old.example/x.png)\n\n*Old style*");
}

TEST(WordPressContent, GalleryEmbedAndMediaShortcodes) {
  EXPECT_EQ(md("[gallery ids=\"3,4\"]"), "![Image 3](/media/g3.jpg)\n\n![Image 4](/media/g4.jpg)");
  EXPECT_EQ(md("[embed]https://www.youtube.com/watch?v=abc[/embed]"),
            "[https://www.youtube.com/watch?v=abc](https://www.youtube.com/watch?v=abc)");
  EXPECT_EQ(md("[audio mp3=\"https://old.example/a.mp3\"][/audio]"), "[https://old.example/a.mp3](https://old.example/a.mp3)");
}

TEST(WordPressContent, UnknownShortcodesStayVisibleAndAreCounted) {
  auto c = wordpress_to_markdown("Write to us: [contact-form-7 id=\"5\" title=\"Contact\"] or [foo]x[/foo].", old_site_links());
  EXPECT_EQ(c.markdown, "Write to us: \\[contact-form-7 id=\"5\" title=\"Contact\"\\] or \\[foo\\]x\\[/foo\\].");
  EXPECT_EQ(c.unknown_shortcodes.at("contact-form-7"), 1u);
  EXPECT_EQ(c.unknown_shortcodes.at("foo"), 1u);
  // [[gallery]] is WordPress's way of writing a shortcode's name as text; "[1]" is no shortcode.
  auto escaped = wordpress_to_markdown("Use [[gallery]] for galleries [1].", old_site_links());
  EXPECT_EQ(escaped.markdown, "Use \\[gallery\\] for galleries \\[1\\].");
  EXPECT_TRUE(escaped.unknown_shortcodes.empty());
}

TEST(WordPressContent, LinksArePointedAtNewAddressesAndUnsafeOnesDropped) {
  EXPECT_EQ(md("<p>See <a href=\"http://old.example/2020/01/02/hello/\">the piece</a>.</p>"),
            "See [the piece](/en/articles/hello).");
  EXPECT_EQ(md("<p><a href=\"javascript:alert(1)\">click</a> <a href=\"https://x.example/a b(c)\">x</a></p>"),
            "click [x](https://x.example/a%20b%28c%29)");
  EXPECT_EQ(md("<p><img src=\"data:text/html;base64,xx\" alt=\"bad\" onerror=\"alert(1)\"></p>"), "bad");
}

TEST(WordPressContent, ScriptsStylesAndFormsAreLeftOutAndCountedFramesBecomeLinks) {
  auto c = wordpress_to_markdown(
      "<p>Before</p><script>alert(1)</script><style>p{}</style><form><input></form>"
      "<iframe src=\"https://www.youtube.com/embed/x\"></iframe><p>After</p>",
      old_site_links());
  EXPECT_EQ(c.markdown, "Before\n\n<https://www.youtube.com/embed/x>\n\nAfter");
  EXPECT_EQ(c.dropped.at("script"), 1u);
  EXPECT_EQ(c.dropped.at("style"), 1u);
  EXPECT_EQ(c.dropped.at("form"), 1u);
}

TEST(WordPressContent, TextThatLooksLikeMarkdownStaysText) {
  EXPECT_EQ(md("1. not a list *really* <b>#tag</b> a_b &lt;tag&gt; &amp;copy;"),
            "1\\. not a list \\*really\\* **#tag** a\\_b \\<tag\\> \\&copy;");
  EXPECT_EQ(md("# not a heading\n\n- not an item"), "\\# not a heading\n\n\\- not an item");
}

TEST(WordPressContent, QuotesCodeRulesAndTables) {
  EXPECT_EQ(md("<blockquote><p>One</p><p>Two</p></blockquote>"), "> One\n>\n> Two");
  EXPECT_EQ(md("<pre class=\"wp-block-code\"><code class=\"language-cpp\">int a = 1;\n\nreturn a &lt; 2;</code></pre>"),
            "```cpp\nint a = 1;\n\nreturn a < 2;\n```");
  EXPECT_EQ(md("<p>a <code>x`y</code></p><hr /><p>b</p>"), "a ``x`y``\n\n---\n\nb");
  EXPECT_EQ(md("<table><thead><tr><th>City</th><th>Pop.</th></tr></thead><tbody><tr><td>Baku</td><td>2 | 3</td></tr>"
               "<tr><td>Ganja</td></tr></tbody></table>"),
            "| City | Pop. |\n| --- | --- |\n| Baku | 2 \\| 3 |\n| Ganja |  |");
  EXPECT_EQ(md("<ol start=\"3\"><li>three</li><li>four</li></ol>"), "3. three\n4. four");
  EXPECT_EQ(md("<ol><li>one<ol><li>inner</li></ol></li><li>two</li></ol>"), "1. one\n   1. inner\n2. two");
}

TEST(WordPressContent, ForgivesBrokenHtmlAndKeepsUnicode) {
  // libxml2 reads the unclosed <strong> as holding the rest; every word is kept.
  std::string broken = md("<p>Unclosed <strong>bold<p>Next paragraph — Azərbaycan, Россия");
  EXPECT_TRUE(broken.starts_with("Unclosed **bold")) << broken;
  EXPECT_NE(broken.find("Next paragraph — Azərbaycan, Россия"), std::string::npos) << broken;
  EXPECT_EQ(md(""), "");
  EXPECT_EQ(md("<p>&nbsp;</p>"), "\xC2\xA0");
}

TEST(HtmlToText, TagsGoEntitiesAreDecoded) {
  EXPECT_EQ(html_to_text("Tom &amp; Jerry&#8217;s <em>show</em>"), "Tom & Jerry\xE2\x80\x99s show");
  EXPECT_EQ(html_to_text("  plain   text "), "plain text");
}

}  // namespace
}  // namespace qalam::ingest
