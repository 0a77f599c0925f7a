#include "http/multipart.h"

#include <gtest/gtest.h>

namespace qalam::http {
namespace {

TEST(Multipart, ReadsFieldsAndFilesWithBinaryContent) {
  std::string file("\x89PNG\r\n\x1A\n\0\r\n--x", 14);
  std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nŞuşa\r\n"
                     "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".png\"\r\n"
                     "Content-Type: image/png\r\n\r\n" + file + "\r\n--XyZ--\r\n";
  auto form = parse_multipart(body, "XyZ");
  ASSERT_TRUE(form.ok()) << form.status().to_string();
  EXPECT_EQ(form->get("title"), "Şuşa");
  const FormField* f = form->file("file");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->filename, "a \"b\".png");
  EXPECT_EQ(f->content_type, "image/png");
  EXPECT_EQ(f->value, file);
}

TEST(Multipart, MalformedBodiesAreRefused) {
  EXPECT_FALSE(parse_multipart("no boundary here", "b").ok());
  EXPECT_FALSE(parse_multipart("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", "b").ok());
  EXPECT_FALSE(parse_multipart("--b\r\nX: y\r\n\r\nv\r\n--b--", "b").ok());
  EXPECT_FALSE(parse_multipart("--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--", "b").ok());
}

TEST(Urlencoded, DecodesPlusAndEscapesAndKeepsRepeats) {
  auto form = parse_urlencoded("tags=a&tags=b&q=%C5%9Eu%C5%9Fa+x&empty=&flag");
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->all("tags"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(form->get("q"), "Şuşa x");
  EXPECT_EQ(form->get("empty"), "");
  EXPECT_EQ(form->get("flag"), "");
  EXPECT_FALSE(form->get("missing").has_value());
  EXPECT_FALSE(parse_urlencoded("a=%zz").ok());
}

TEST(Form, ContentTypeDecidesTheParser) {
  Request r;
  r.headers.push_back({"Content-Type", "multipart/form-data; boundary=\"q\""});
  r.body = "--q\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--q--\r\n";
  EXPECT_EQ(parse_form(r)->get("a"), "1");
  r.headers[0].value = "text/plain";
  EXPECT_EQ(parse_form(r).status().code(), StatusCode::invalid_argument);
}

TEST(Form, LimitsRefuseBeforeParsing) {
  Request r;
  r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  r.body = std::string(2000, '&');
  EXPECT_EQ(parse_form(r, {.max_bytes = 16 * 1024, .max_fields = 1000}).status().code(), StatusCode::too_large);
  r.body = std::string(20'000, 'a');
  EXPECT_EQ(parse_form(r, {.max_bytes = 16 * 1024, .max_fields = 1000}).status().code(), StatusCode::too_large);
  r.body = "a=1&b=2";
  EXPECT_TRUE(parse_form(r, {.max_bytes = 16 * 1024, .max_fields = 2}).ok());
  EXPECT_EQ(parse_form(r, {.max_bytes = 16 * 1024, .max_fields = 1}).status().code(), StatusCode::too_large);
  r.headers[0].value = "multipart/form-data; boundary=q";
  r.body = "--q\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
           "--q\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--q--\r\n";
  EXPECT_TRUE(parse_form(r, {.max_fields = 2}).ok());
  EXPECT_EQ(parse_form(r, {.max_fields = 1}).status().code(), StatusCode::too_large);
}

}  // namespace
}  // namespace qalam::http
