-- Search ranks a match by what its title and lead say (src/store/postgres/search.cc):
-- those words apart from the body's (`heads`, kept in the row with an index of their
-- own), and the date that orders the matches naming the words only in their body,
-- newest first (`dated`). Ranking by the whole text read every match's words from
-- TOAST: ~300 ms for a common word at 100,000 pieces. A piece's section is kept beside
-- its date, so that a filtered search looks up no article. Every lexeme is tagged with
-- its document's language ('en#shusha'), so that a name spelled alike in every
-- language lists one language's documents in that language's search;
-- search_languages names the languages, for a search in all of them.
ALTER TABLE search_documents ADD COLUMN heads TSVECTOR NOT NULL DEFAULT '',
                             ADD COLUMN dated BIGINT NOT NULL DEFAULT 0,
                             ADD COLUMN section_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE search_documents ALTER COLUMN heads SET STORAGE MAIN;
CREATE FUNCTION qalam_tagged(v TSVECTOR, lang TEXT) RETURNS TSVECTOR LANGUAGE sql IMMUTABLE AS $$
  SELECT CAST(coalesce(string_agg(
           '''' || replace(replace(lang || '#' || u.lexeme, '\', '\\'), '''', '''''') || '''' ||
           coalesce(':' || (SELECT string_agg(x.p::text || x.w, ',') FROM unnest(u.positions, u.weights) AS x(p, w)), ''),
           ' '), '') AS TSVECTOR)
  FROM unnest(v) AS u
$$;
UPDATE search_documents SET words = qalam_tagged(words, lang), heads = qalam_tagged(ts_filter(words, '{a,b}'), lang);
DROP FUNCTION qalam_tagged(TSVECTOR, TEXT);
UPDATE search_documents s SET dated = a.published_at, section_id = coalesce(a.section_id, 0)
  FROM articles a WHERE s.kind = 'article' AND a.id = s.ref;
UPDATE search_documents s SET dated = p.published_on FROM press_items p WHERE s.kind = 'press' AND p.id = s.ref;
CREATE INDEX search_documents_heads ON search_documents USING GIN (heads);
CREATE TABLE search_languages (lang TEXT PRIMARY KEY);
INSERT INTO search_languages SELECT DISTINCT lang FROM search_documents;
