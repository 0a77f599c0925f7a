#include "render/escape.h"

#include <gtest/gtest.h>

#include "render/feeds.h"
#include "render/mustache/template.h"

namespace qalam::render {
namespace {

TEST(EscapeTest, ReplacesDropsAndKeepsRunsBetween) {
  EscapeTable table{};
  table['<'] = "&lt;";
  table['\x01'] = "";
  std::string out = "kept:";
  append_escaped(out, "a<b\x01<<c", table);
  EXPECT_EQ(out, "kept:a&lt;b&lt;&lt;c");
  out.clear();
  append_escaped(out, "", table);
  EXPECT_EQ(out, "");
  append_escaped(out, "<", table);
  EXPECT_EQ(out, "&lt;");
}

TEST(EscapeTest, HtmlAndXmlTables) {
  std::string html, xml;
  mustache::append_html_escaped(html, "Qız & \"oğlan\" <'ü'>\x01\t");
  EXPECT_EQ(html, "Qız &amp; &quot;oğlan&quot; &lt;&#39;ü&#39;&gt;\x01\t");
  append_xml_escaped(xml, "Qız & \"oğlan\" <'ü'>\x01\x1f\t\n\r");
  EXPECT_EQ(xml, "Qız &amp; &quot;oğlan&quot; &lt;&apos;ü&apos;&gt;\t\n\r");  // no control characters in XML 1.0
}

}  // namespace
}  // namespace qalam::render
