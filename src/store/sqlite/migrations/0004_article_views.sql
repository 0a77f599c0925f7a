-- Privacy-preserving readership: how many times each article was read in each hour.
-- No cookie, no address, no reader: only counts. hour = Unix time / 3600.
CREATE TABLE article_views (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  hour       INTEGER NOT NULL,
  views      INTEGER NOT NULL CHECK (views > 0),
  PRIMARY KEY (article_id, hour)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_views_by_hour ON article_views (hour);
