#include "newsroom/image_processing.h"

#include <gtest/gtest.h>
#include <vips/vips.h>

#include <string>

namespace qalam::newsroom {
namespace {

// An RGB gradient of the given size, as a libvips image the caller unrefs.
VipsImage* gradient(int width, int height) {
  VIPS_INIT("qalam-test");
  VipsImage* xy = nullptr;
  VipsImage* scaled = nullptr;
  VipsImage* rgb = nullptr;
  EXPECT_EQ(vips_xyz(&xy, width, height, nullptr), 0);
  double a[] = {0.2, 0.3}, b[] = {0, 0};
  EXPECT_EQ(vips_linear(xy, &scaled, a, b, 2, "uchar", TRUE, nullptr), 0);
  VipsImage* bands[] = {scaled, scaled};
  VipsImage* joined = nullptr;
  EXPECT_EQ(vips_bandjoin(bands, &joined, 2, nullptr), 0);
  EXPECT_EQ(vips_extract_band(joined, &rgb, 0, "n", 3, nullptr), 0);
  g_object_unref(xy);
  g_object_unref(scaled);
  g_object_unref(joined);
  rgb->Type = VIPS_INTERPRETATION_sRGB;
  return rgb;
}

// The chunk names of a WebP file (RIFF): VP8/VP8L/VP8X, and EXIF, XMP or ICCP if present.
std::vector<std::string> webp_chunks(std::string_view webp) {
  std::vector<std::string> names;
  size_t at = 12;
  while (at + 8 <= webp.size()) {
    names.emplace_back(webp.substr(at, 4));
    auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(webp[at + 4 + i])); };
    uint32_t size = b(0) | b(1) << 8 | b(2) << 16 | b(3) << 24;
    at += 8 + size + (size & 1);
  }
  return names;
}

std::string jpeg(VipsImage* image) {
  void* data = nullptr;
  size_t size = 0;
  EXPECT_EQ(vips_jpegsave_buffer(image, &data, &size, "Q", 80, nullptr), 0) << vips_error_buffer();
  std::string out(static_cast<char*>(data), size);
  g_free(data);
  return out;
}

TEST(ProcessImage, RemovesXmpCommentsAndExifAndKeepsTheSize) {
  VipsImage* image = gradient(1000, 600);
  std::string secret = "<x:xmpmeta><dc:creator>Secret Source Name</dc:creator></x:xmpmeta>";
  vips_image_set_blob_copy(image, "xmp-data", secret.data(), secret.size());
  vips_image_set_string(image, "exif-ifd0-Artist", "Secret Source Name");
  std::string dirty = jpeg(image);
  g_object_unref(image);
  ASSERT_NE(dirty.find("Secret Source Name"), std::string::npos);  // the test's own premise
  ASSERT_FALSE(image_metadata_fields(dirty).empty());

  auto done = process_image(dirty, {}, {480, 960, 1600});
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->extension, "jpg");
  EXPECT_EQ(done->width, 1000);
  EXPECT_EQ(done->height, 600);
  EXPECT_EQ(done->original.find("Secret Source Name"), std::string::npos);
  ASSERT_EQ(done->variants.size(), 3u);
  EXPECT_EQ(done->variants.back().width, 1000);
  for (const auto& v : done->variants) {
    EXPECT_EQ(v.webp.find("Secret Source Name"), std::string::npos);
    for (const std::string& chunk : webp_chunks(v.webp)) {
      EXPECT_TRUE(chunk == "VP8 " || chunk == "VP8L" || chunk == "VP8X" || chunk == "ALPH") << chunk << " in " << v.width;
    }
  }
  // What libvips itself reads back: nothing beyond how it decoded the file.
  for (const std::string& field : image_metadata_fields(done->original)) {
    EXPECT_TRUE(field.starts_with("jpeg-") || field == "vips-loader" || field == "resolution-unit" ||
                field == "bits-per-sample")
        << field;
  }
}

TEST(ProcessImage, AppliesTheOrientationTag) {
  VipsImage* image = gradient(300, 200);
  vips_image_set_int(image, VIPS_META_ORIENTATION, 6);  // rotate 90° clockwise to view
  std::string tagged = jpeg(image);
  g_object_unref(image);
  auto done = process_image(tagged, {}, {480});
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->width, 200);
  EXPECT_EQ(done->height, 300);
}

TEST(ProcessImage, ConvertsAnEmbeddedCmykProfileToSrgbAndDropsIt) {
  VipsImage* image = gradient(200, 100);
  VipsImage* cmyk = nullptr;
  ASSERT_EQ(vips_icc_transform(image, &cmyk, "cmyk", "input_profile", "srgb", "embedded", FALSE, nullptr), 0)
      << vips_error_buffer();
  std::string with_profile = jpeg(cmyk);
  g_object_unref(image);
  g_object_unref(cmyk);
  ASSERT_GT(with_profile.size(), 100'000u);  // the CMYK profile travels in the file

  auto done = process_image(with_profile, {}, {480});
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_LT(done->original.size(), 50'000u);
  VipsImage* back = vips_image_new_from_buffer(done->original.data(), done->original.size(), "", nullptr);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(vips_image_get_bands(back), 3);
  EXPECT_EQ(vips_image_get_interpretation(back), VIPS_INTERPRETATION_sRGB);
  EXPECT_FALSE(vips_image_get_typeof(back, VIPS_META_ICC_NAME));
  g_object_unref(back);
}

TEST(ProcessImage, RefusesWhatIsNotAWholeImage) {
  VipsImage* image = gradient(800, 500);
  std::string whole = jpeg(image);
  g_object_unref(image);
  auto truncated = process_image(std::string_view(whole).substr(0, whole.size() / 2), {}, {480});
  EXPECT_EQ(truncated.status().code(), StatusCode::invalid_argument);
  auto text = process_image("<?php echo 1; ?>", {}, {480});
  EXPECT_EQ(text.status().code(), StatusCode::invalid_argument);
  auto too_big = process_image(whole, {100'000, 12'000}, {480});
  EXPECT_EQ(too_big.status().code(), StatusCode::invalid_argument);
  EXPECT_NE(too_big.status().message().find("800 × 500"), std::string::npos);
}

TEST(VariantWidths, NeverWiderThanTheImage) {
  EXPECT_EQ(variant_widths(1000, {480, 960, 1600}), (std::vector<int>{480, 960, 1000}));
  EXPECT_EQ(variant_widths(2000, {480, 960, 1600}), (std::vector<int>{480, 960, 1600}));
  EXPECT_EQ(variant_widths(300, {480, 960, 1600}), (std::vector<int>{300}));
  EXPECT_EQ(variant_widths(480, {480, 960}), (std::vector<int>{480}));
}

}  // namespace
}  // namespace qalam::newsroom
