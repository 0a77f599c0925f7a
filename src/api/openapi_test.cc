// The OpenAPI document matches the implementation: every /api/v1 route the server
// registers is in the document with its method, and the document names no other.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "api/admin_api.h"
#include "api/content_api.h"
#include "core/testing/temp_dir.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::api {
std::string_view openapi_json();
namespace {

TEST(OpenApi, DocumentAndRoutesNameTheSameOperations) {
  qalam::testing::TempDir dir{"qalam_openapi"};
  auto store = std::move(store::sqlite::open_sqlite_store({(dir / "o.db").string(), 1, 1000, {}})).value();
  SystemClock clock;
  newsroom::Accounts accounts(*store, clock);
  newsroom::Editorial editorial(*store, clock, accounts);
  newsroom::MediaLibrary media(*store, clock, accounts, {dir / "media"});
  http::Router router;
  ContentApi content(*store, {});
  AdminApi admin(*store, accounts, editorial, media, "");
  content.add_routes(router);
  admin.add_routes(router);

  std::set<std::string> implemented, documented;
  for (const auto& [method, pattern] : router.routes()) {
    std::string m = method;
    for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    implemented.insert(m + " " + pattern);
  }
  auto doc = boost::json::parse(openapi_json()).as_object();
  EXPECT_EQ(std::string(doc.at("openapi").as_string()).substr(0, 4), "3.1.");
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) documented.insert(std::string(method) + " " + std::string(path));
  }
  for (const auto& op : implemented) EXPECT_TRUE(documented.contains(op)) << "the document lacks " << op;
  for (const auto& op : documented) EXPECT_TRUE(implemented.contains(op)) << "no route serves " << op;
  EXPECT_GT(implemented.size(), 20u);
}

TEST(OpenApi, EveryReferenceResolves) {
  auto doc = boost::json::parse(openapi_json()).as_object();
  const auto& schemas = doc.at("components").as_object().at("schemas").as_object();
  std::function<void(const boost::json::value&)> walk = [&](const boost::json::value& v) {
    if (v.is_object()) {
      for (const auto& [k, child] : v.as_object()) {
        if (k == "$ref") {
          std::string ref(child.as_string());
          ASSERT_EQ(ref.rfind("#/components/schemas/", 0), 0u) << ref;
          EXPECT_TRUE(schemas.contains(ref.substr(21))) << ref;
        } else {
          walk(child);
        }
      }
    } else if (v.is_array()) {
      for (const auto& child : v.as_array()) walk(child);
    }
  };
  walk(doc);
}

}  // namespace
}  // namespace qalam::api
