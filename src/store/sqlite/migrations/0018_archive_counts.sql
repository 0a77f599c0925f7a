-- How many translation groups each archive of every language holds (an author's, a
-- tag's, a section's, the featured pieces), kept in step by every write that changes
-- an archive (store/sqlite/archive_counts.h): an archive page reads its page count from
-- one row instead of walking every entry of the archive.
CREATE TABLE archive_counts (
  kind   TEXT NOT NULL,     -- author, tag, section, featured
  ref    INTEGER NOT NULL,  -- the author's, tag's or section's id; 1 for featured
  groups INTEGER NOT NULL,
  PRIMARY KEY (kind, ref)
) STRICT, WITHOUT ROWID;
INSERT INTO archive_counts (kind, ref, groups)
  SELECT 'author', author_id, count(DISTINCT translation_group) FROM article_authors WHERE published = 1 GROUP BY author_id;
INSERT INTO archive_counts (kind, ref, groups)
  SELECT 'tag', tag_id, count(DISTINCT translation_group) FROM article_tags WHERE published = 1 GROUP BY tag_id;
INSERT INTO archive_counts (kind, ref, groups)
  SELECT 'section', section_id, count(DISTINCT translation_group) FROM articles
  WHERE status = 'published' AND section_id IS NOT NULL GROUP BY section_id;
INSERT INTO archive_counts (kind, ref, groups)
  SELECT 'featured', 1, count(DISTINCT translation_group) FROM articles WHERE status = 'published' AND featured = 1;
