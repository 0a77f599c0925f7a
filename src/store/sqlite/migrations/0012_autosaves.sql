-- Autosaves: what an editor typed in a piece and has not saved yet, one per account
-- and piece (article_id 0: a piece not created yet), replaced each time and removed
-- by the save it leads to, so they never pile up. `fields` is the form as the
-- newsroom service encodes it; `base_version` the version the form was opened at.
CREATE TABLE autosaves (
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  article_id   INTEGER NOT NULL,
  base_version INTEGER NOT NULL,
  saved_at     INTEGER NOT NULL,
  fields       TEXT NOT NULL CHECK (json_valid(fields)),
  PRIMARY KEY (user_id, article_id)
) STRICT, WITHOUT ROWID;
