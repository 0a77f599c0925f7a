-- Search ranks a match by what its title and lead say (src/store/postgres/search.cc):
-- those words apart from the body's (`heads`, small enough to stay in the row, with
-- an index of their own), and the date that orders the matches naming the words only
-- in their body, newest first (`dated`). Ranking by the whole text read every match's
-- words from TOAST: ~300 ms for a common word at 100,000 pieces. A piece's section is
-- kept beside its date, so that a filtered search looks up no article.
ALTER TABLE search_documents ADD COLUMN heads TSVECTOR NOT NULL DEFAULT '',
                             ADD COLUMN dated BIGINT NOT NULL DEFAULT 0,
                             ADD COLUMN section_id BIGINT NOT NULL DEFAULT 0;
UPDATE search_documents SET heads = ts_filter(words, '{a,b}');
UPDATE search_documents s SET dated = a.published_at, section_id = coalesce(a.section_id, 0)
  FROM articles a WHERE s.kind = 'article' AND a.id = s.ref;
UPDATE search_documents s SET dated = p.published_on FROM press_items p WHERE s.kind = 'press' AND p.id = s.ref;
CREATE INDEX search_documents_heads ON search_documents USING GIN (heads);
