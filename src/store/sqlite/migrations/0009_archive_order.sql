-- An author's and a tag's archive in order without reading every one of their pieces:
-- the link rows carry the piece's language, whether it is published and when, so a
-- page of the archive and its count are index ranges (kept by the article writer).
ALTER TABLE article_authors ADD COLUMN lang TEXT NOT NULL DEFAULT '';
ALTER TABLE article_authors ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE article_authors ADD COLUMN published_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE article_tags ADD COLUMN lang TEXT NOT NULL DEFAULT '';
ALTER TABLE article_tags ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE article_tags ADD COLUMN published_at INTEGER NOT NULL DEFAULT 0;
UPDATE article_authors SET (lang, published, published_at) =
  (SELECT a.lang, a.status = 'published', a.published_at FROM articles a WHERE a.id = article_authors.article_id);
UPDATE article_tags SET (lang, published, published_at) =
  (SELECT a.lang, a.status = 'published', a.published_at FROM articles a WHERE a.id = article_tags.article_id);
CREATE INDEX article_authors_archive ON article_authors (author_id, lang, published, published_at DESC, article_id DESC);
CREATE INDEX article_tags_archive ON article_tags (tag_id, lang, published, published_at DESC, article_id DESC);
