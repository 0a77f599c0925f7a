-- A translation made in the newsroom records the piece it was translated from and
-- that piece's version at the time, so the desk can flag it when the source's text
-- changes later. One row per translation; it goes with the translation.
CREATE TABLE translation_sources (
  article_id     INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  source_id      INTEGER NOT NULL,
  source_version INTEGER NOT NULL
) STRICT;
