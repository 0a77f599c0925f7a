#include "render/responsive_images.h"

#include <string>

#include "render/mustache/template.h"

namespace qalam::render {
namespace {

constexpr std::string_view img_open = "<img src=\"";
constexpr std::string_view img_close = " />";

// Text for an HTML attribute value or element content.
std::string escaped(std::string_view text) {
  std::string out;
  mustache::append_html_escaped(out, text);
  return out;
}

// One <img …/> tag at `at`: where it ends (after " />") and its src.
struct Tag {
  size_t end = std::string_view::npos;
  std::string_view src;
  std::string_view attributes;  // everything after src="…", before " />"
};

Tag read_tag(std::string_view html, size_t at) {
  Tag t;
  size_t src_start = at + img_open.size();
  size_t src_end = html.find('"', src_start);
  if (src_end == std::string_view::npos) return t;
  size_t close = html.find(img_close, src_end);
  if (close == std::string_view::npos) return t;
  t.src = html.substr(src_start, src_end - src_start);
  t.attributes = html.substr(src_end + 1, close - src_end - 1);
  t.end = close + img_close.size();
  return t;
}

std::string image_html(const Tag& t, const std::optional<ImageDetails>& d, std::string_view sizes) {
  std::string out = "<img src=\"" + std::string(t.src) + "\"" + std::string(t.attributes);
  if (d) {
    if (!d->srcset.empty()) out += " srcset=\"" + escaped(d->srcset) + "\" sizes=\"" + escaped(sizes) + "\"";
    if (d->width > 0 && d->height > 0) {
      out += " width=\"" + std::to_string(d->width) + "\" height=\"" + std::to_string(d->height) + "\"";
    }
  }
  out += " loading=\"lazy\" decoding=\"async\">";
  return out;
}

}  // namespace

std::vector<std::string> image_sources(std::string_view html) {
  std::vector<std::string> out;
  for (size_t at = html.find(img_open); at != std::string_view::npos; at = html.find(img_open, at + 1)) {
    Tag t = read_tag(html, at);
    if (t.end == std::string_view::npos) break;
    out.emplace_back(t.src);
  }
  return out;
}

std::string responsive_images(std::string_view html, const ImageResolver& resolve, std::string_view sizes) {
  std::string out;
  out.reserve(html.size() + 256);
  size_t done = 0;
  for (size_t at = html.find(img_open); at != std::string_view::npos; at = html.find(img_open, done)) {
    Tag t = read_tag(html, at);
    if (t.end == std::string_view::npos) break;
    std::optional<ImageDetails> d = resolve ? resolve(t.src) : std::nullopt;
    std::string image = image_html(t, d, sizes);
    // Alone in its paragraph: a figure, captioned when the upload has words for it.
    bool alone = at >= done + 3 && html.substr(at - 3, 3) == "<p>" && html.substr(t.end, 5) == "</p>\n";
    if (alone) {
      out.append(html.substr(done, at - 3 - done));
      out += "<figure>" + image;
      if (d && (!d->caption.empty() || !d->credit.empty())) {
        out += "<figcaption>" + escaped(d->caption);
        if (!d->credit.empty()) out += (d->caption.empty() ? "" : " ") + ("<span class=\"credit\">" + escaped(d->credit) + "</span>");
        out += "</figcaption>";
      }
      out += "</figure>\n";
      done = t.end + 5;
    } else {
      out.append(html.substr(done, at - done));
      out += image;
      done = t.end;
    }
  }
  out.append(html.substr(done));
  return out;
}

}  // namespace qalam::render
