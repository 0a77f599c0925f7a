-- Archives list the pieces of every language (an author's, a tag's and a section's
-- page in each edition): the same index ranges without the language.
CREATE INDEX article_authors_archive_all ON article_authors (author_id, published, published_at DESC, article_id DESC);
CREATE INDEX article_tags_archive_all ON article_tags (tag_id, published, published_at DESC, article_id DESC);
CREATE INDEX articles_by_section_all ON articles (section_id, status, published_at DESC, id DESC);
