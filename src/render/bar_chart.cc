#include "render/bar_chart.h"

#include <fmt/format.h>

#include <algorithm>

#include "render/feeds.h"

namespace qalam::render {

std::string bar_chart_svg(const std::vector<Bar>& bars, const std::string& title, const std::string& description,
                          int width, int height) {
  const int left = 48, right = 8, top = 12, bottom = 28;
  const int plot_w = width - left - right, plot_h = height - top - bottom;
  int64_t max = 1;
  for (const Bar& b : bars) max = std::max(max, b.value);
  // A round top for the axis: 1, 2 or 5 times a power of ten.
  int64_t step = 1;
  while (step * 10 < max) step *= 10;
  int64_t top_value = step;
  for (int64_t m : {1, 2, 5, 10}) {
    if (step * m >= max) {
      top_value = step * m;
      break;
    }
  }
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
      "aria-labelledby=\"chart-title chart-desc\" class=\"chart\">",
      width, height, width, height);
  out += "<title id=\"chart-title\">";
  append_xml_escaped(out, title);
  out += "</title><desc id=\"chart-desc\">";
  append_xml_escaped(out, description);
  out += "</desc>";
  // Axis: zero, half and the top value.
  for (int i = 0; i <= 2; ++i) {
    int y = top + plot_h - plot_h * i / 2;
    out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#d5dae0\"/>", left, y, width - right, y);
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6470\">{}</text>", left - 6,
                       y + 4, top_value * i / 2);
  }
  if (!bars.empty()) {
    const double slot = static_cast<double>(plot_w) / static_cast<double>(bars.size());
    const double bar_w = std::max(1.0, slot * 0.7);
    const size_t label_every = std::max<size_t>(1, bars.size() / 10);
    for (size_t i = 0; i < bars.size(); ++i) {
      const Bar& b = bars[i];
      double h = static_cast<double>(plot_h) * static_cast<double>(b.value) / static_cast<double>(top_value);
      double x = left + slot * static_cast<double>(i) + (slot - bar_w) / 2;
      out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#0b5cad\"><title>", x,
                         top + plot_h - h, bar_w, h);
      append_xml_escaped(out, b.tooltip);
      out += "</title></rect>";
      if (i % label_every == 0) {
        out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6470\">",
                           x + bar_w / 2, height - 10);
        append_xml_escaped(out, b.label);
        out += "</text>";
      }
    }
  }
  out += "</svg>";
  return out;
}

}  // namespace qalam::render
