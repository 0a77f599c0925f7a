-- Index rows get computed rowids, so keeping the index in step deletes a rowid range
-- instead of scanning the table (FTS5 cannot search its UNINDEXED columns):
--   rowid = ((ref * 4 + kind) * 4 + language slot)
--   kind: article 0, press 1, author 2, project 3; slot: az 0, en 1, ru 2, other 3.
DELETE FROM search_index;
INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref)
  SELECT (id * 4 + 0) * 4 + (CASE lang WHEN 'az' THEN 0 WHEN 'en' THEN 1 WHEN 'ru' THEN 2 ELSE 3 END),
         title, lead, body, 'article', lang, id FROM articles WHERE status = 'published';
INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref)
  SELECT (id * 4 + 1) * 4 + (CASE original_lang WHEN 'az' THEN 0 WHEN 'en' THEN 1 WHEN 'ru' THEN 2 ELSE 3 END),
         title || ' ' || translated_title, summary, outlet_name, 'press', original_lang, id
  FROM press_items;
INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref)
  SELECT (author_id * 4 + 2) * 4 + (CASE lang WHEN 'az' THEN 0 WHEN 'en' THEN 1 WHEN 'ru' THEN 2 ELSE 3 END),
         name, bio, '', 'author', lang, author_id FROM author_texts;
INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref)
  SELECT (project_id * 4 + 3) * 4 + (CASE lang WHEN 'az' THEN 0 WHEN 'en' THEN 1 WHEN 'ru' THEN 2 ELSE 3 END),
         title, intro, body, 'project', lang, project_id FROM project_texts;
