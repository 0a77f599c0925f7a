#include "render/mustache/template.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "core/testing/temp_dir.h"

namespace qalam::render::mustache {
namespace {
namespace json = boost::json;

TEST(TemplateTest, EscapesHtmlByDefaultIncludingQuotes) {
  TemplateSet set;
  ASSERT_TRUE(set.add("t", "{{x}}|{{{x}}}").ok());
  auto out = set.render("t", json::parse(R"({"x":"<a href='x'>&\"</a>"})"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;|<a href='x'>&\"</a>");
}

TEST(TemplateTest, AnOuterContextAnswersWhatTheDataLacks) {
  TemplateSet set;
  ASSERT_TRUE(set.add("t", "{{t.hello}} {{name}}{{#items}}, {{t.hello}} {{name}}{{/items}}").ok());
  json::value outer = json::parse(R"({"t":{"hello":"Salam"},"name":"outer"})");
  json::value data = json::parse(R"({"name":"page","items":[{"name":"a"}]})");
  std::string out;
  ASSERT_TRUE(set.render_to("t", data, out, &outer).ok());
  EXPECT_EQ(out, "Salam page, Salam a");  // the data shadows the outer context
  out.clear();
  ASSERT_TRUE(set.render_to("t", data, out).ok());
  EXPECT_EQ(out, " page,  a");
}

TEST(TemplateTest, SyntaxErrorsNameOriginLineAndColumn) {
  TemplateSet set;
  Status s = set.add("page", "line one\n  {{#items}}\n{{name}}\n", "themes/x/page.mustache");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "themes/x/page.mustache:2:3: section 'items' is never closed");

  s = set.add("page", "{{#a}}\n{{/b}}", "p.mustache");
  EXPECT_EQ(s.message(), "p.mustache:2:1: closing tag 'b' does not match 'a' opened at 1:1");
  EXPECT_EQ(set.add("p", "ab {{name", "p.mustache").message(), "p.mustache:1:4: unclosed tag: '{{' without '}}'");
  EXPECT_EQ(set.add("p", "{{/x}}", "p.mustache").message(), "p.mustache:1:1: closing tag 'x' has no opening tag");
  EXPECT_FALSE(set.add("p", "{{}}").ok());
  EXPECT_FALSE(set.add("p", "{{=<% =}}").ok());
}

TEST(TemplateTest, ArrayElementsByPosition) {
  TemplateSet set;
  ASSERT_TRUE(set.add("t", "{{#items.0}}has{{/items.0}}{{^items.0}}none{{/items.0}}:{{items.1.name}}{{items.x}}").ok());
  EXPECT_EQ(*set.render("t", json::parse(R"({"items":[{"name":"a"},{"name":"b"}]})")), "has:b");
  EXPECT_EQ(*set.render("t", json::parse(R"({"items":[]})")), "none:");
}

TEST(TemplateTest, UnknownTemplateIsNotFound) {
  TemplateSet set;
  EXPECT_EQ(set.render("nope", json::object()).status().code(), StatusCode::not_found);
}

TEST(TemplateTest, EndlessRecursionStopsWithAnError) {
  TemplateSet set;
  ASSERT_TRUE(set.add("loop", "x{{>loop}}").ok());
  auto out = set.render("loop", json::object());
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("nests deeper"), std::string::npos);
}

// Found by fuzzing (tests/fuzz/mustache): a block whose argument names its own parent
// again recursed without end through blocks, not partials, and overflowed the stack.
TEST(TemplateTest, ABlockThatReopensItsParentStopsWithAnError) {
  TemplateSet set;
  ASSERT_TRUE(set.add("layout", "<main>{{$content}}default{{/content}}</main>").ok());
  ASSERT_TRUE(set.add("page", "{{<layout}}{{$content}}x{{<layout}}{{/layout}}{{/content}}{{/layout}}").ok());
  auto out = set.render("page", json::object());
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("nests deeper"), std::string::npos);
}

TEST(TemplateTest, SectionsNestedTooDeeplyAreASyntaxError) {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "{{#a}}";
  for (int i = 0; i < 200; ++i) deep += "{{/a}}";
  TemplateSet set;
  Status s = set.add("deep", deep);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("nest deeper than 100"), std::string::npos) << s.message();
  std::string fine;
  for (int i = 0; i < 50; ++i) fine += "{{#a}}";
  for (int i = 0; i < 50; ++i) fine += "{{/a}}";
  EXPECT_TRUE(set.add("fine", fine).ok());
}

TEST(TemplateTest, LayoutInheritanceAcrossFiles) {
  qalam::testing::TempDir dir("qalam_template");
  std::filesystem::create_directories(dir / "partials");
  std::ofstream(dir / "layout.mustache") << "<title>{{$title}}Qalam{{/title}}</title>{{>partials/foot}}";
  std::ofstream(dir / "home.mustache") << "{{<layout}}{{$title}}{{site}}{{/title}}{{/layout}}";
  std::ofstream(dir / "partials/foot.mustache") << "<footer>{{site}}</footer>";
  auto set = load_template_dir(dir.path());
  ASSERT_TRUE(set.ok()) << set.status().to_string();
  auto out = set->render("home", json::parse(R"({"site":"Ə & ş"})"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "<title>Ə &amp; ş</title><footer>Ə &amp; ş</footer>");

  std::ofstream(dir / "broken.mustache") << "ok\n{{#x}}";
  auto broken = load_template_dir(dir.path());
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("broken.mustache:2:1: section 'x' is never closed"),
            std::string::npos)
      << broken.status().message();
}

}  // namespace
}  // namespace qalam::render::mustache
