#include "newsroom/curation.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "newsroom/service_test_fixture.h"

namespace qalam::newsroom {
namespace {
namespace json = boost::json;

class CurationTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    curation_ = std::make_unique<Curation>(*store_, *accounts_);
    // What the store's change feed says the save changed.
    store_->on_change([this](const std::vector<std::string>& keys) { evicted_ = keys; });
  }
  // Curation reads only the role: no account is needed.
  static Principal as(Role role) {
    Principal p;
    p.user.id = 1;
    p.user.email = "someone@example.org";
    p.user.role = role;
    return p;
  }

  std::unique_ptr<Curation> curation_;
  std::vector<std::string> evicted_;
};

TEST_F(CurationTest, AnEditorSavesASectionAndThePagesShowingItAreEvicted) {
  json::object section{{"type", "section"}, {"slug", "economy"}, {"name", json::object{{"en", "Economy"}, {"az", "İqtisadiyyat"}}}};
  ASSERT_TRUE(curation_->save(as(Role::editor), section).ok());
  auto stored = store_->sections().by_slug("economy");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->name.at("az"), "İqtisadiyyat");
  EXPECT_NE(std::find(evicted_.begin(), evicted_.end(), "sections"), evicted_.end());
  auto listed = curation_->records(as(Role::editor), "section");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].at("slug").as_string(), "economy");
}

TEST_F(CurationTest, AuthorsAndContributorsMayNotCurate) {
  json::object tag{{"type", "tag"}, {"name", json::object{{"en", "Oil"}}}};
  for (Role r : {Role::author, Role::contributor}) {
    EXPECT_EQ(curation_->save(as(r), tag).code(), StatusCode::permission_denied);
    EXPECT_EQ(curation_->records(as(r), "tag").status().code(), StatusCode::permission_denied);
  }
  EXPECT_TRUE(store_->tags().all()->empty());
  EXPECT_TRUE(evicted_.empty());
}

TEST_F(CurationTest, ARefusalNamesTheFieldsAndSavesNothing) {
  json::object author{{"type", "author"},
                      {"slug", "Not A Slug"},
                      {"name", json::object{{"en", "A"}}},
                      {"social", json::array{json::object{{"network", "x"}, {"url", "javascript:alert(1)"}}}}};
  Status s = curation_->save(as(Role::editor), author);
  ASSERT_EQ(s.code(), StatusCode::invalid_argument);
  ASSERT_EQ(s.problems().size(), 2u);
  EXPECT_EQ(s.problems()[0].field, "slug");
  EXPECT_EQ(s.problems()[0].code, "slug");
  EXPECT_EQ(s.problems()[1].field, "social[0].url");
  EXPECT_EQ(s.problems()[1].code, "link");
  EXPECT_TRUE(store_->authors().all()->empty());
  EXPECT_EQ(curation_->save(as(Role::editor), json::object{{"type", "poem"}}).problems().at(0).field, "type");
}

}  // namespace
}  // namespace qalam::newsroom
