// A bar chart as an SVG document drawn on the server (no script, no external
// service): the newsroom dashboard's reads per day. Labels are escaped; the chart
// has a title and a description for screen readers, and each bar its own title.
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qalam::render {

struct Bar {
  std::string label;    // under the bar ("28.11")
  std::string tooltip;  // the bar's <title> ("28 November: 1,204 reads")
  int64_t value = 0;
};

std::string bar_chart_svg(const std::vector<Bar>& bars, const std::string& title, const std::string& description,
                          int width = 720, int height = 220);

}  // namespace qalam::render
