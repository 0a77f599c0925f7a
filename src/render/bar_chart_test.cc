#include "render/bar_chart.h"

#include <gtest/gtest.h>

namespace qalam::render {
namespace {

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(BarChart, OneBarPerDayScaledToARoundTopAndEscaped) {
  std::vector<Bar> bars{{"01.11", "1 November: 3 reads", 3}, {"02.11", "<b>& 2</b>", 0}, {"03.11", "x", 7}};
  std::string svg = bar_chart_svg(bars, "Reads & more", "Three days", 300, 120);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(count(svg, "<rect "), 3u);
  EXPECT_NE(svg.find("<title id=\"chart-title\">Reads &amp; more</title>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;b&gt;&amp; 2&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find(">10</text>"), std::string::npos);  // 7 rounds up to an axis of 10
  EXPECT_NE(svg.find("height=\"0.0\""), std::string::npos);  // the empty day has no height
}

TEST(BarChart, NoBarsStillDrawsTheAxes) {
  std::string svg = bar_chart_svg({}, "t", "d");
  EXPECT_EQ(count(svg, "<rect "), 0u);
  EXPECT_EQ(count(svg, "<line "), 3u);
}

}  // namespace
}  // namespace qalam::render
