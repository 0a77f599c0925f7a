-- The full-text index over published articles, Foreign press items, authors and
-- projects, one row per thing and language. Tokenized by the "qalam" tokenizer (the
-- binary registers it on every connection): folded words plus their other spellings.
-- kind: 'article' | 'press' | 'author' | 'project'; ref: the row id in its table.
CREATE VIRTUAL TABLE search_index USING fts5(
  title, lead, body,
  kind UNINDEXED, lang UNINDEXED, ref UNINDEXED,
  tokenize = 'qalam'
);

INSERT INTO search_index (title, lead, body, kind, lang, ref)
  SELECT title, lead, body, 'article', lang, id FROM articles WHERE status = 'published';
INSERT INTO search_index (title, lead, body, kind, lang, ref)
  SELECT title || ' ' || translated_title, summary, outlet_name, 'press', original_lang, id FROM press_items;
INSERT INTO search_index (title, lead, body, kind, lang, ref)
  SELECT t.name, t.bio, '', 'author', t.lang, t.author_id FROM author_texts t;
INSERT INTO search_index (title, lead, body, kind, lang, ref)
  SELECT t.title, t.intro, t.body, 'project', t.lang, t.project_id FROM project_texts t;
