// The editorial workflow's rules, tested on the service itself (a real SQLite store
// in a temporary folder, a fake clock).
#include "newsroom/editorial.h"

#include <gtest/gtest.h>

#include "newsroom/service_test_fixture.h"

namespace qalam::newsroom {
namespace {

class EditorialTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    editorial_ = std::make_unique<Editorial>(*store_, clock_, *accounts_);
    store_->on_change([this](const std::vector<std::string>&) { ++evictions_; });
    editor_ = principal("editor@example.org", Role::editor);
    contributor_ = principal("contributor@example.org", Role::contributor);
  }
  ArticleInput text(std::string title, std::string body) {
    ArticleInput in;
    in.lang = "en";
    in.title = std::move(title);
    in.body = std::move(body);
    return in;
  }
  size_t revisions(int64_t id) { return store_->editorial().revisions(id)->size(); }
  std::vector<std::string> audit_actions() {
    std::vector<std::string> out;
    auto entries = store_->audit().list(100, 0);  // kept: a loop over the temporary's value would dangle
    for (const auto& e : *entries) out.push_back(e.action);
    return out;
  }

  std::unique_ptr<Editorial> editorial_;
  Principal editor_, contributor_;
  int evictions_ = 0;
};

TEST_F(EditorialTest, SaveAndPublishIsOneRevisionOneAuditEntryOneEviction) {
  auto made = editorial_->create(editor_, text("First", "Draft text"));
  ASSERT_TRUE(made.ok()) << made.status().to_string();
  int evictions_before = evictions_;
  size_t audit_before = audit_actions().size();
  auto published = editorial_->save_and_move(editor_, made->id, made->version, text("First", "Final text"),
                                             Transition::publish);
  ASSERT_TRUE(published.ok()) << published.status().to_string();
  EXPECT_EQ(published->status, ArticleStatus::published);
  EXPECT_EQ(published->version, made->version + 1);
  EXPECT_EQ(revisions(made->id), 2u);  // the creation and this one
  EXPECT_EQ(evictions_, evictions_before + 1);
  auto actions = audit_actions();
  ASSERT_EQ(actions.size(), audit_before + 1);
  EXPECT_EQ(actions.front(), "article.publish");
  EXPECT_EQ((*store_->editorial().by_id(made->id))->body, "Final text");
}

TEST_F(EditorialTest, ARefusedPublishSavesNothing) {
  auto made = editorial_->create(editor_, text("With a photo", "Text"));
  ASSERT_TRUE(made.ok());
  ArticleInput in = text("With a photo, edited", "Text, edited");
  in.image = "/media/photo.jpg";  // and no alt text: not publishable
  auto refused = editorial_->save_and_move(editor_, made->id, made->version, in, Transition::publish);
  ASSERT_EQ(refused.status().code(), StatusCode::invalid_argument);
  ASSERT_EQ(refused.status().problems().size(), 1u);
  EXPECT_EQ(refused.status().problems()[0].field, "image_alt");
  EXPECT_EQ(refused.status().problems()[0].code, "alt_missing");
  auto stored = **store_->editorial().by_id(made->id);
  EXPECT_EQ(stored.title, "With a photo");  // the text was not saved either
  EXPECT_EQ(stored.status, ArticleStatus::draft);
  EXPECT_EQ(stored.version, made->version);
  EXPECT_EQ(revisions(made->id), 1u);
}

TEST_F(EditorialTest, CreateAndPublishAtOnce) {
  auto made = editorial_->create(editor_, text("Breaking", "Now"), Transition::publish);
  ASSERT_TRUE(made.ok()) << made.status().to_string();
  EXPECT_EQ(made->status, ArticleStatus::published);
  EXPECT_EQ(made->published_at, clock_.now());
  EXPECT_EQ(made->version, 1);
  EXPECT_EQ(revisions(made->id), 1u);
  EXPECT_EQ(audit_actions().front(), "article.create");
}

TEST_F(EditorialTest, AStaleVersionIsAConflictOnTheVersionField) {
  auto made = editorial_->create(editor_, text("Shared", "One"));
  ASSERT_TRUE(made.ok());
  ASSERT_TRUE(editorial_->update(editor_, made->id, made->version, text("Shared", "Two")).ok());
  auto late = editorial_->update(editor_, made->id, made->version, text("Shared", "Three"));
  ASSERT_EQ(late.status().code(), StatusCode::conflict);
  ASSERT_EQ(late.status().problems().size(), 1u);
  EXPECT_EQ(late.status().problems()[0].field, "version");
  EXPECT_EQ(late.status().problems()[0].code, "stale");
  EXPECT_EQ((*store_->editorial().by_id(made->id))->body, "Two");
}

TEST_F(EditorialTest, AContributorSubmitsTheirTextWithTheirDraftButMayNotPublish) {
  auto made = editorial_->create(contributor_, text("Mine", "Draft"));
  ASSERT_TRUE(made.ok());
  auto submitted = editorial_->save_and_move(contributor_, made->id, made->version, text("Mine", "Ready"),
                                             Transition::submit);
  ASSERT_TRUE(submitted.ok()) << submitted.status().to_string();
  EXPECT_EQ(submitted->status, ArticleStatus::review);
  EXPECT_EQ(submitted->body, "Ready");
  EXPECT_EQ(revisions(made->id), 2u);
  auto published = editorial_->transition(contributor_, made->id, submitted->version, Transition::publish);
  EXPECT_EQ(published.status().code(), StatusCode::permission_denied);
  // Submitting twice: the piece is in review already — a clash on the action, named.
  auto again = editorial_->transition(contributor_, made->id, submitted->version, Transition::submit);
  ASSERT_EQ(again.status().code(), StatusCode::conflict);
  ASSERT_EQ(again.status().problems().size(), 1u);
  EXPECT_EQ(again.status().problems()[0].field, "action");
  EXPECT_EQ(again.status().problems()[0].code, "wrong_state");
  EXPECT_EQ(again.status().problems()[0].args[0], (std::pair<std::string, std::string>{"status", "review"}));
  EXPECT_EQ((*store_->editorial().by_id(made->id))->status, ArticleStatus::review);
}

TEST_F(EditorialTest, AClashOfSlugsTakesTheFirstFreeOne) {
  auto first = editorial_->create(editor_, text("Baku talks", "One"));
  auto second = editorial_->create(editor_, text("Baku talks", "Two"));
  ArticleInput typed = text("Another", "Three");
  typed.slug = "baku-talks";
  auto third = editorial_->create(editor_, typed);
  ASSERT_TRUE(first.ok() && second.ok() && third.ok()) << third.status().to_string();
  EXPECT_EQ(first->slug, "baku-talks");
  EXPECT_EQ(second->slug, "baku-talks-2");
  EXPECT_EQ(third->slug, "baku-talks-3");
  // Saving a piece again keeps its own slug; another language has its own slugs.
  auto again = editorial_->update(editor_, second->id, second->version, text("Baku talks", "Two, edited"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->slug, "baku-talks-2");
  ArticleInput az = text("Baku talks", "Bir");
  az.lang = "az";
  EXPECT_EQ(editorial_->create(editor_, az)->slug, "baku-talks");
}

TEST_F(EditorialTest, APublishedPieceIsUpdatedOnlyWhenItsTextChanges) {
  auto made = editorial_->create(editor_, text("Steady", "Text"), Transition::publish);
  ASSERT_TRUE(made.ok());
  TimePoint published = made->updated_at;
  clock_.advance(std::chrono::hours(2));
  ArticleInput retagged;
  retagged.featured = true;  // not what readers read
  auto featured = editorial_->update(editor_, made->id, made->version, retagged);
  ASSERT_TRUE(featured.ok());
  EXPECT_EQ(featured->updated_at, published);
  clock_.advance(std::chrono::hours(2));
  auto corrected = editorial_->update(editor_, made->id, featured->version, text("Steady", "Text, corrected"));
  ASSERT_TRUE(corrected.ok());
  EXPECT_EQ(corrected->updated_at, clock_.now());
}

TEST_F(EditorialTest, AutosavesAreOnePerPieceAndAccountAndGoWithTheSave) {
  auto made = editorial_->create(editor_, text("Kept", "Saved text"));
  ASSERT_TRUE(made.ok());
  clock_.advance(std::chrono::seconds(30));
  ASSERT_TRUE(editorial_->autosave(editor_, made->id, made->version, text("Kept", "Typed, first")).ok());
  clock_.advance(std::chrono::seconds(5));
  ASSERT_TRUE(editorial_->autosave(editor_, made->id, made->version, text("Kept", "Typed, second")).ok());
  auto kept = editorial_->autosaved(editor_, made->id);
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ((*kept)->input.body, "Typed, second");  // replaced, not piled up
  EXPECT_EQ((*kept)->base_version, made->version);
  EXPECT_EQ((*kept)->saved_at, clock_.now());
  EXPECT_EQ(revisions(made->id), 1u);  // an autosave is no revision
  EXPECT_FALSE(editorial_->autosaved(contributor_, made->id).status().ok() &&
               editorial_->autosaved(contributor_, made->id)->has_value());
  // Saving the piece is what the autosave was for: it goes.
  clock_.advance(std::chrono::seconds(5));
  ASSERT_TRUE(editorial_->update(editor_, made->id, made->version, text("Kept", "Typed, second")).ok());
  EXPECT_FALSE(editorial_->autosaved(editor_, made->id)->has_value());
  // A new piece has its own slot, emptied when a piece is created.
  ASSERT_TRUE(editorial_->autosave(editor_, 0, 0, text("Not yet", "Anything")).ok());
  EXPECT_EQ((*editorial_->autosaved(editor_, 0))->input.title, "Not yet");
  ASSERT_TRUE(editorial_->create(editor_, text("Not yet", "Anything")).ok());
  EXPECT_FALSE(editorial_->autosaved(editor_, 0)->has_value());
}

TEST_F(EditorialTest, AutosaveNeedsTheRightToEditAndKeepsTheSizeLimits) {
  auto theirs = editorial_->create(editor_, text("Theirs", "Text"));
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(editorial_->autosave(contributor_, theirs->id, theirs->version, text("Mine now", "x")).code(),
            StatusCode::not_found);  // a contributor cannot even see another's draft
  ArticleInput huge = text("Big", std::string(ArticleLimits::body + 1, 'a'));
  Status s = editorial_->autosave(editor_, theirs->id, theirs->version, huge);
  ASSERT_EQ(s.code(), StatusCode::invalid_argument);
  EXPECT_EQ(s.problems().at(0).code, "too_long");
  EXPECT_FALSE(editorial_->autosaved(editor_, theirs->id)->has_value());
}

TEST_F(EditorialTest, ATranslationKnowsWhenItsSourceChanged) {
  auto source = editorial_->create(editor_, text("Original", "First text"));
  ASSERT_TRUE(source.ok());
  ArticleInput in = text("Orijinal", "İlk mətn");
  in.lang = "az";
  in.translation_of = source->id;
  auto translation = editorial_->create(editor_, in);
  ASSERT_TRUE(translation.ok()) << translation.status().to_string();
  auto state = editorial_->translation_state(editor_, translation->id);
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_EQ((*state)->made_from_version, source->version);
  EXPECT_FALSE((*state)->source_changed);
  // Published: a new version, the same text — no reason to re-translate.
  auto published = editorial_->transition(editor_, source->id, source->version, Transition::publish);
  ASSERT_TRUE(published.ok());
  EXPECT_FALSE((*editorial_->translation_state(editor_, translation->id))->source_changed);
  // Its text changes: flagged until the translator says it follows again.
  auto edited = editorial_->update(editor_, source->id, published->version, text("Original", "Second text"));
  ASSERT_TRUE(edited.ok());
  EXPECT_TRUE((*editorial_->translation_state(editor_, translation->id))->source_changed);
  auto current = editorial_->mark_translation_current(editor_, translation->id, translation->version);
  ASSERT_TRUE(current.ok()) << current.status().to_string();
  auto after = editorial_->translation_state(editor_, translation->id);
  EXPECT_EQ((*after)->made_from_version, edited->version);
  EXPECT_FALSE((*after)->source_changed);
  // A piece not made as a translation has no state, and cannot be marked.
  EXPECT_FALSE(editorial_->translation_state(editor_, source->id)->has_value());
  EXPECT_EQ(editorial_->mark_translation_current(editor_, source->id, edited->version).status().code(),
            StatusCode::invalid_argument);
}

TEST_F(EditorialTest, SchedulingNeedsAFutureTime) {
  auto made = editorial_->create(editor_, text("Later", "Text"));
  ASSERT_TRUE(made.ok());
  auto past = editorial_->transition(editor_, made->id, made->version, Transition::schedule,
                                     std::string("2026-02-01T08:00:00Z"));
  ASSERT_EQ(past.status().problems().at(0).code, "in_the_past");
  auto nonsense = editorial_->transition(editor_, made->id, made->version, Transition::schedule, std::string("soon"));
  ASSERT_EQ(nonsense.status().problems().at(0).code, "time");
  auto later = editorial_->transition(editor_, made->id, made->version, Transition::schedule,
                                      std::string("2026-03-02T08:00:00Z"));
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->status, ArticleStatus::scheduled);
  clock_.advance(std::chrono::hours(25));
  EXPECT_EQ(editorial_->publish_due(), std::vector<int64_t>{made->id});
  EXPECT_EQ((*store_->editorial().by_id(made->id))->status, ArticleStatus::published);
}

TEST_F(EditorialTest, DeletingRecordsItInTheSameTransaction) {
  auto made = editorial_->create(editor_, text("Gone", "Soon"));
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(editorial_->remove(editor_, made->id, made->version + 5).code(), StatusCode::conflict);
  EXPECT_NE(audit_actions().front(), "article.delete");
  ASSERT_TRUE(editorial_->remove(editor_, made->id, made->version).ok());
  EXPECT_EQ(audit_actions().front(), "article.delete");
  EXPECT_FALSE(store_->editorial().by_id(made->id)->has_value());
}

}  // namespace
}  // namespace qalam::newsroom
