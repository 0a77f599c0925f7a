-- Press monitoring (docs/monitoring.md): the feeds the desk follows, each with its
-- polling state and health, and the items read from them.
CREATE TABLE feed_sources (
  id               INTEGER PRIMARY KEY,
  url              TEXT NOT NULL UNIQUE,
  name             TEXT NOT NULL,
  language         TEXT NOT NULL DEFAULT '',   -- the items' language when they name none
  outlet           TEXT NOT NULL DEFAULT '',   -- the press item's outlet; the name when empty
  interval_minutes INTEGER NOT NULL DEFAULT 30,
  enabled          INTEGER NOT NULL DEFAULT 1,
  etag             TEXT NOT NULL DEFAULT '',   -- for the next conditional GET
  last_modified    TEXT NOT NULL DEFAULT '',
  next_poll_at     INTEGER NOT NULL DEFAULT 0,
  last_polled_at   INTEGER NOT NULL DEFAULT 0,
  last_success_at  INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT NOT NULL DEFAULT '',   -- in words; empty after a success
  failures         INTEGER NOT NULL DEFAULT 0, -- in a row: the backoff's exponent
  items_found      INTEGER NOT NULL DEFAULT 0, -- items the last successful poll read
  created_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE feed_items (
  id             INTEGER PRIMARY KEY,
  source_id      INTEGER NOT NULL REFERENCES feed_sources(id) ON DELETE CASCADE,
  guid           TEXT NOT NULL,   -- the feed's id for it, or its link
  link           TEXT NOT NULL,
  canonical_link TEXT NOT NULL,   -- the link without tracking parameters, for duplicates
  title          TEXT NOT NULL,
  title_key      TEXT NOT NULL,   -- the title folded, for near-identical duplicates
  summary        TEXT NOT NULL,
  content        TEXT NOT NULL,   -- the original's text
  author         TEXT NOT NULL,
  language       TEXT NOT NULL,
  image          TEXT NOT NULL,
  published_at   INTEGER NOT NULL,  -- the feed's date, or when it was first read
  fetched_at     INTEGER NOT NULL,
  state          TEXT NOT NULL DEFAULT 'new',  -- new, kept, dismissed, used
  press_item_id  INTEGER                       -- the press item made from it
) STRICT;
CREATE UNIQUE INDEX feed_items_by_guid ON feed_items (source_id, guid);
CREATE INDEX feed_items_by_link ON feed_items (canonical_link);
CREATE INDEX feed_items_by_title ON feed_items (title_key, published_at);
CREATE INDEX feed_items_newest ON feed_items (published_at DESC, id DESC);
