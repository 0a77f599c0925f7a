#include "render/responsive_images.h"

#include <gtest/gtest.h>

#include "render/markdown.h"

namespace qalam::render {
namespace {

std::optional<ImageDetails> known(std::string_view src) {
  if (src != "/media/m1.jpg") return std::nullopt;
  return ImageDetails{"/media/m1-480.webp 480w, /media/m1-960.webp 960w", 1200, 675, "Şuşa <at dawn>", "Photo: A & B"};
}

TEST(ResponsiveImages, AnImageAloneBecomesAFigureWithVariantsCaptionAndCredit) {
  std::string html = markdown_to_html("Before.\n\n![Hills](/media/m1.jpg)\n\nAfter.");
  EXPECT_EQ(image_sources(html), std::vector<std::string>{"/media/m1.jpg"});
  std::string out = responsive_images(html, known, "(max-width: 44rem) 100vw, 44rem");
  EXPECT_EQ(out,
            "<p>Before.</p>\n<figure><img src=\"/media/m1.jpg\" alt=\"Hills\" srcset=\"/media/m1-480.webp 480w, "
            "/media/m1-960.webp 960w\" sizes=\"(max-width: 44rem) 100vw, 44rem\" width=\"1200\" height=\"675\" "
            "loading=\"lazy\" decoding=\"async\"><figcaption>Şuşa &lt;at dawn&gt; <span class=\"credit\">Photo: A &amp; "
            "B</span></figcaption></figure>\n<p>After.</p>\n");
}

TEST(ResponsiveImages, AnImageInsideTextStaysInlineAndUnknownImagesOnlyGetLazyLoading) {
  std::string html = markdown_to_html("Look ![x](https://example.org/a.png \"T\") here.");
  std::string out = responsive_images(html, known, "100vw");
  EXPECT_EQ(out, "<p>Look <img src=\"https://example.org/a.png\" alt=\"x\" title=\"T\" loading=\"lazy\" "
                 "decoding=\"async\"> here.</p>\n");
}

TEST(ResponsiveImages, AnUnknownImageAloneIsAFigureWithoutCaption) {
  std::string out = responsive_images(markdown_to_html("![a](/media/zz.png)"), nullptr, "100vw");
  EXPECT_EQ(out, "<figure><img src=\"/media/zz.png\" alt=\"a\" loading=\"lazy\" decoding=\"async\"></figure>\n");
}

TEST(ResponsiveImages, TextWithoutImagesIsUnchanged) {
  std::string html = markdown_to_html("No <img src=\"x\"> raw HTML, *no* images.");
  EXPECT_EQ(responsive_images(html, known, "100vw"), html);
  EXPECT_TRUE(image_sources(html).empty());
}

}  // namespace
}  // namespace qalam::render
