// Editorial: the workflow of a piece, whoever drives it (the editors' UI, the Admin
// API, the scheduler). Input arrives as an ArticleInput of plain text fields; every
// rule (who may do what, what a publishable piece needs) lives here once. Validation
// failures name each field with its problem, so forms and problem+json can point at
// them. Every change is saved as a revision and leaves an audit entry.
//
// Thread-safety: all methods may be called concurrently; the store serialises writes
// and refuses a save whose version is stale.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "newsroom/accounts.h"
#include "store/store.h"

namespace qalam::newsroom {

// A piece as a form or a JSON body gives it: text fields, names by slug.
struct ArticleInput {
  std::optional<std::string> lang, slug, title, lead, body, section, image, image_alt, published_at;
  std::optional<std::vector<std::string>> authors, tags;  // slugs, byline order
  std::optional<bool> featured;
  // Links the new piece to another as its translation (that piece's id); creation only.
  std::optional<int64_t> translation_of;
};

// What an account typed in a piece and has not saved: kept by autosave, offered back
// when the piece is opened again (after a crash or a closed tab).
struct AutosavedDraft {
  TimePoint saved_at{};
  int64_t base_version = 0;  // the version the form was opened at
  ArticleInput input;
};

// A translation made here, against the piece it was made from.
struct TranslationState {
  Article source;                 // as it is now
  int64_t made_from_version = 0;  // the source's version the translation follows
  bool source_changed = false;    // its title, lead or text changed since
};

// A piece's saves and two of them to compare.
struct RevisionHistory {
  Article piece;                              // as it is now
  std::vector<store::RevisionInfo> revisions;  // newest first
  int64_t from = 0, to = 0;                    // the versions compared
  std::optional<Article> older, newer;         // as saved then (nullopt: no such version)
};

// What a piece's form chooses from: sections of articles, tags, authors.
struct Catalog {
  std::vector<Section> sections;
  std::vector<Tag> tags;
  std::vector<Author> authors;
};

// The buttons of a piece's page: what `who` may do to it now, given its status.
struct PieceActions {
  bool save = false, submit = false, publish = false, schedule = false, unpublish = false, to_draft = false,
       remove = false;
};

enum class Transition { submit, schedule, publish, unpublish, to_draft };
std::optional<Transition> parse_transition(std::string_view text);
std::string_view transition_name(Transition t);

class Editorial {
 public:
  Editorial(store::Store& store, const Clock& clock, Accounts& accounts);

  // A new piece, moved through the workflow at once when `t` is given (save and
  // publish): either way one transaction, one revision, one audit entry.
  Result<Article> create(const Principal& who, const ArticleInput& input, std::optional<Transition> t = std::nullopt,
                         const std::optional<std::string>& at = std::nullopt);
  // `version` is the version the editor started from (optimistic concurrency).
  Result<Article> update(const Principal& who, int64_t id, int64_t version, const ArticleInput& input);
  // Moves a piece through the workflow; schedule takes the time from `at` (RFC 3339)
  // or the piece's own publication time.
  Result<Article> transition(const Principal& who, int64_t id, int64_t version, Transition t,
                              const std::optional<std::string>& at = std::nullopt);
  // The editor's "Save and submit / schedule / publish": the text (when `who` may edit
  // it) and the transition in one transaction with one revision, one audit entry and
  // one change (the store names what readers see differently). Refused as a whole:
  // when the transition is refused, nothing is saved.
  Result<Article> save_and_move(const Principal& who, int64_t id, int64_t version, const ArticleInput& input,
                                std::optional<Transition> t, const std::optional<std::string>& at = std::nullopt);
  Status remove(const Principal& who, int64_t id, int64_t version);
  Result<Article> restore(const Principal& who, int64_t id, int64_t version, int64_t revision);

  // A piece the principal may read: editors and admins every one; contributors and
  // authors published pieces, their own and those bylined on their profile. Any
  // other is "no such piece" (not_found), so ids reveal nothing.
  Result<Article> piece(const Principal& who, int64_t id);
  // The piece behind a preview link: its holder may read it, whoever they are.
  Result<Article> linked_piece(int64_t id);
  bool may_read(const Principal& who, const Article& a) const;
  // Narrows a newsroom list to what the principal may read.
  void readable_only(const Principal& who, store::EditorialFilter& filter) const;
  // The pieces of `filter` that `who` may read (recently updated first), and how many.
  Result<std::vector<Article>> list(const Principal& who, store::EditorialFilter filter);
  Result<int64_t> count(const Principal& who, store::EditorialFilter filter);
  // The other languages of `a` that `who` may read.
  Result<std::vector<Article>> translations(const Principal& who, const Article& a);
  // A piece's saves, newest first, and two of them to compare (by default the newest
  // and the one before it); read once the piece is known to be readable.
  Result<RevisionHistory> history(const Principal& who, int64_t id, std::optional<int64_t> from,
                                  std::optional<int64_t> to);
  // What a piece's form chooses from.
  Result<Catalog> catalog();
  // The piece behind a shareable preview link's secret (not_found once revoked).
  Result<Article> shared_piece(std::string_view secret);
  // Reads per day (UTC midnight, reads) since `since`, days without reads left out.
  Result<std::vector<std::pair<TimePoint, int64_t>>> reads_per_day(TimePoint since);

  // Where translation `id` came from, and whether its source's text changed since
  // (nullopt: not made as a translation here, or the source is gone or unreadable).
  Result<std::optional<TranslationState>> translation_state(const Principal& who, int64_t id);
  // The translator says the translation follows its source's current version.
  Result<Article> mark_translation_current(const Principal& who, int64_t id, int64_t version);

  // Keeps what `who` typed in piece `id` (0: a piece not created yet) without saving
  // it: one autosave per account and piece, replaced each time, removed by the save
  // it leads to. Needs the right to edit the piece (to create one, for id 0); sizes
  // are those of a save.
  Status autosave(const Principal& who, int64_t id, int64_t base_version, const ArticleInput& input);
  // `who`'s autosave of piece `id`, when it is newer than the piece's last save.
  Result<std::optional<AutosavedDraft>> autosaved(const Principal& who, int64_t id);
  Status discard_autosave(const Principal& who, int64_t id);

  // A shareable preview link's secret; revoking ends every link of the piece.
  Result<std::string> create_preview_link(const Principal& who, int64_t id);
  Status revoke_preview_links(const Principal& who, int64_t id);

  // Publishes every scheduled piece whose time has come (the server calls this at
  // start-up and every few seconds). Returns the ids published.
  std::vector<int64_t> publish_due();

  // The piece with `input` laid over it as far as it goes, problems or not (unknown
  // sections, tags and authors are left out): what a form shows again after a refusal
  // or for a preview that saves nothing.
  Article with_input(const Principal& who, Article base, const ArticleInput& input, bool creating);

  // What `who` may do to `a` (a new piece when a.id is 0) in its present status.
  PieceActions actions(const Principal& who, const Article& a) const;
  // Whether `who` may make transition `t` on `a` at all (its current status aside).
  Status permitted(const Principal& who, const Article& a, Transition t) const;

  // The problems that keep the piece from being published (alt texts, title, body).
  static std::vector<FieldProblem> publish_problems(const Article& a);

 private:
  Status apply(const ArticleInput& in, Article& a, bool creating, const Principal& who);
  Status check(const Principal& who, Permission p, const Article& a) const;
  // update, transition and save_and_move: `input` null for a bare transition.
  Result<Article> change(const Principal& who, int64_t id, int64_t version, const ArticleInput* input,
                         std::optional<Transition> t, const std::optional<std::string>& at);
  // Applies transition `t` to `a` in memory: permission, state and readiness checked.
  Status move(const Principal& who, Article& a, Transition t, const std::optional<std::string>& at);
  // `before`: the piece as stored until now (null for a new one).
  Result<Article> save(const Principal& who, Article& a, std::string_view action, const Article* before);

  store::Store& store_;
  const Clock& clock_;
  Accounts& accounts_;
};

}  // namespace qalam::newsroom
