-- Archives list the pieces of every language, one per translation group (an author's,
-- a tag's and a section's page in each edition). The link rows also carry the
-- piece's translation group (kept by the article writer, like its language and
-- time), so the choice of a group's piece reads one covering index range.
ALTER TABLE article_authors ADD COLUMN translation_group TEXT NOT NULL DEFAULT '';
ALTER TABLE article_tags ADD COLUMN translation_group TEXT NOT NULL DEFAULT '';
UPDATE article_authors SET translation_group =
  (SELECT a.translation_group FROM articles a WHERE a.id = article_authors.article_id);
UPDATE article_tags SET translation_group =
  (SELECT a.translation_group FROM articles a WHERE a.id = article_tags.article_id);
CREATE INDEX article_authors_groups ON article_authors
  (author_id, published, translation_group, lang, published_at, article_id);
CREATE INDEX article_tags_groups ON article_tags
  (tag_id, published, translation_group, lang, published_at, article_id);
CREATE INDEX articles_section_groups ON articles (section_id, status, translation_group, lang, published_at, id);
-- Walking an archive of every language in time order.
CREATE INDEX article_authors_archive_all ON article_authors (author_id, published, published_at DESC, article_id DESC);
CREATE INDEX article_tags_archive_all ON article_tags (tag_id, published, published_at DESC, article_id DESC);
CREATE INDEX articles_by_section_all ON articles (section_id, status, published_at DESC, id DESC);
