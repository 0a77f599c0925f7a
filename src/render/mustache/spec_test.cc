// Runs the official Mustache spec (../shared/spec/mustache or $MUSTACHE_SPEC_DIR): the
// core modules plus ~inheritance and ~dynamic-names. Each spec test is one GoogleTest
// case named after its file and test, so a failure names the spec test.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "render/mustache/template.h"

namespace qalam::render::mustache {
namespace {
namespace json = boost::json;

std::filesystem::path spec_dir() {
  if (const char* d = std::getenv("MUSTACHE_SPEC_DIR")) return d;
  if (const char* s = std::getenv("QALAM_SHARED_DIR")) return std::filesystem::path(s) / "spec/mustache";
  return std::filesystem::path(QALAM_SHARED_DIR) / "spec/mustache";
}

struct SpecCase {
  std::string file, name;
  json::object test;
};

std::vector<SpecCase> load_cases() {
  std::vector<SpecCase> cases;
  for (const char* file : {"comments", "delimiters", "interpolation", "inverted", "partials",
                           "sections", "~inheritance", "~dynamic-names"}) {
    std::ifstream in(spec_dir() / (std::string(file) + ".json"));
    if (!in) continue;
    std::stringstream s;
    s << in.rdbuf();
    json::value doc = json::parse(s.str());
    for (const json::value& t : doc.at("tests").as_array()) {
      cases.push_back({file, std::string(t.at("name").as_string()), t.as_object()});
    }
  }
  return cases;
}

void PrintTo(const SpecCase& c, std::ostream* os) { *os << c.file << ": " << c.name; }

class MustacheSpec : public testing::TestWithParam<SpecCase> {};

TEST_P(MustacheSpec, Passes) {
  const SpecCase& c = GetParam();
  TemplateSet set;
  ASSERT_TRUE(set.add("main", c.test.at("template").as_string()).ok());
  if (const json::value* partials = c.test.if_contains("partials")) {
    for (const auto& [name, source] : partials->as_object()) {
      ASSERT_TRUE(set.add(std::string(name), source.as_string()).ok()) << name;
    }
  }
  auto out = set.render("main", c.test.at("data"));
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  EXPECT_EQ(*out, std::string(c.test.at("expected").as_string()))
      << c.file << ": " << c.name << "\n" << c.test.at("desc").as_string();
}

std::string case_name(const testing::TestParamInfo<SpecCase>& info) {
  std::string n = info.param.file + "_" + info.param.name + "_" + std::to_string(info.index);
  for (char& ch : n) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Official, MustacheSpec, testing::ValuesIn(load_cases()), case_name);

TEST(MustacheSpecFiles, ArePresent) {
  ASSERT_TRUE(std::filesystem::exists(spec_dir() / "interpolation.json"))
      << "Mustache spec not found at " << spec_dir()
      << "; set MUSTACHE_SPEC_DIR or put ../shared beside the checkout";
  EXPECT_GE(load_cases().size(), 150u);
}

}  // namespace
}  // namespace qalam::render::mustache
