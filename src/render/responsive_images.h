// The images of rendered Markdown made fit for readers: every <img> cmark wrote gets
// lazy loading and async decoding; an image the site knows (an upload with WebP
// variants) gets srcset, sizes, width and height, so a phone downloads the narrow
// variant and the page does not jump as it loads; an image alone in its paragraph
// becomes a <figure> with the upload's caption and credit.
//
// Works on cmark-gfm's own output (`<img src="…" alt="…" />`, attribute values
// escaped), never on HTML from elsewhere.
//
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qalam::render {

struct ImageDetails {
  std::string srcset;  // "/media/x-480.webp 480w, …"; empty: the src alone
  int width = 0;       // of the original; 0 when unknown
  int height = 0;
  std::string caption;
  std::string credit;
};

// What the site knows of an image by its src (as written in the HTML); nullopt: nothing.
using ImageResolver = std::function<std::optional<ImageDetails>(std::string_view src)>;

// The src of each image in `html`, in order (HTML entities left as written).
std::vector<std::string> image_sources(std::string_view html);

// `html` with its images made responsive; `sizes` is the sizes attribute of an image
// as wide as the text column ("(max-width: 44rem) 100vw, 44rem").
std::string responsive_images(std::string_view html, const ImageResolver& resolve, std::string_view sizes);

}  // namespace qalam::render
