-- The desk's own headline and summary of a Foreign press item, per language (a press
-- item made from the monitoring inbox is reviewed in az, en and ru); the item's title
-- and summary stay the original's.
CREATE TABLE press_item_texts (
  press_item_id INTEGER NOT NULL REFERENCES press_items(id) ON DELETE CASCADE,
  lang          TEXT NOT NULL,
  title         TEXT NOT NULL,
  summary       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (press_item_id, lang)
) STRICT, WITHOUT ROWID;
