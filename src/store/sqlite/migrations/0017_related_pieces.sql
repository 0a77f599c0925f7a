-- Related pieces, worked out when a piece is published or edited and kept here
-- (store/sqlite/related_pieces.h): an article page reads its list by the piece's id
-- instead of ranking candidates on every request. A piece without rows (before this
-- migration, until it is next saved or `qalam reindex` runs) has its list worked out
-- when its page is rendered.
CREATE TABLE article_related (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  related_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_related_by_related ON article_related (related_id);
