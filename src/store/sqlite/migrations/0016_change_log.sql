-- The change feed across processes: every write that can change a public page adds a
-- row with the keys it made stale (store/change_keys.h), in its own transaction. A
-- serving process reads the rows newer than the last it saw and evicts exactly those
-- pages (replacing PRAGMA data_version, which only said that something changed).
-- AUTOINCREMENT: ids are never reused, even after old rows are pruned.
CREATE TABLE change_log (
  id   INTEGER PRIMARY KEY AUTOINCREMENT,
  at   INTEGER NOT NULL,
  keys TEXT NOT NULL  -- a JSON array of keys
);
CREATE INDEX change_log_at ON change_log (at);
