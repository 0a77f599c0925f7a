-- Watch lists (docs/monitoring.md): topics of terms the desk follows, and which
-- topics (by which of their terms) each monitored item matched.
CREATE TABLE watch_topics (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  terms      TEXT NOT NULL,  -- one term a line; a term's spellings comma-separated
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE feed_item_topics (
  item_id  INTEGER NOT NULL REFERENCES feed_items(id) ON DELETE CASCADE,
  topic_id INTEGER NOT NULL REFERENCES watch_topics(id) ON DELETE CASCADE,
  terms    TEXT NOT NULL,  -- the terms it matched, one a line
  PRIMARY KEY (item_id, topic_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX feed_item_topics_by_topic ON feed_item_topics (topic_id, item_id);
CREATE INDEX feed_items_by_state ON feed_items (state, published_at DESC);
