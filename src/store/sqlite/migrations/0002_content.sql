-- The newsroom's content: authors, sections, tags, articles, Foreign press items,
-- projects and the missions directory. Times are Unix seconds, UTC. Per-language text
-- lives in *_texts tables keyed by (id, lang).

CREATE TABLE authors (
  id     INTEGER PRIMARY KEY,
  slug   TEXT NOT NULL UNIQUE,
  photo  TEXT NOT NULL DEFAULT '',
  social TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(social))
) STRICT;

CREATE TABLE author_texts (
  author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
  lang      TEXT NOT NULL,
  name      TEXT NOT NULL,
  bio       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (author_id, lang)
) STRICT;

CREATE TABLE sections (
  id       INTEGER PRIMARY KEY,
  slug     TEXT NOT NULL UNIQUE,
  kind     TEXT NOT NULL CHECK (kind IN ('articles', 'press_review', 'projects')),
  position INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE section_texts (
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  lang       TEXT NOT NULL,
  name       TEXT NOT NULL,
  PRIMARY KEY (section_id, lang)
) STRICT;

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE tag_texts (
  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  lang   TEXT NOT NULL,
  name   TEXT NOT NULL,
  PRIMARY KEY (tag_id, lang)
) STRICT;

CREATE TABLE articles (
  id                INTEGER PRIMARY KEY,
  lang              TEXT NOT NULL,
  translation_group TEXT NOT NULL,
  slug              TEXT NOT NULL,
  title             TEXT NOT NULL,
  lead              TEXT NOT NULL DEFAULT '',
  body              TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  published_at      INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  section_id        INTEGER REFERENCES sections (id),
  featured          INTEGER NOT NULL DEFAULT 0,
  image             TEXT NOT NULL DEFAULT '',
  image_alt         TEXT NOT NULL DEFAULT '',
  UNIQUE (lang, slug),
  UNIQUE (translation_group, lang)
) STRICT;
CREATE INDEX articles_by_language ON articles (lang, status, published_at DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section_id, lang, status, published_at DESC);

CREATE TABLE article_authors (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  author_id  INTEGER NOT NULL REFERENCES authors (id),
  position   INTEGER NOT NULL,
  PRIMARY KEY (article_id, author_id)
) STRICT;
CREATE INDEX article_authors_by_author ON article_authors (author_id, article_id);

CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  tag_id     INTEGER NOT NULL REFERENCES tags (id),
  PRIMARY KEY (article_id, tag_id)
) STRICT;
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

CREATE TABLE press_items (
  id               INTEGER PRIMARY KEY,
  original_url     TEXT NOT NULL UNIQUE,
  outlet_name      TEXT NOT NULL,
  outlet_url       TEXT NOT NULL DEFAULT '',
  original_lang    TEXT NOT NULL,
  published_on     INTEGER NOT NULL,
  title            TEXT NOT NULL,
  summary          TEXT NOT NULL DEFAULT '',
  translated_title TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX press_items_by_date ON press_items (published_on DESC, id DESC);

CREATE TABLE projects (
  id            INTEGER PRIMARY KEY,
  slug          TEXT NOT NULL UNIQUE,
  is_new        INTEGER NOT NULL DEFAULT 0,
  has_directory INTEGER NOT NULL DEFAULT 0,
  position      INTEGER NOT NULL DEFAULT 0,
  updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE project_texts (
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  lang       TEXT NOT NULL,
  title      TEXT NOT NULL,
  intro      TEXT NOT NULL DEFAULT '',
  body       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (project_id, lang)
) STRICT;

CREATE TABLE missions (
  id         INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  country    TEXT NOT NULL CHECK (length(country) = 2),
  city       TEXT NOT NULL DEFAULT '',
  kind       TEXT NOT NULL CHECK (kind IN ('embassy', 'consulate', 'permanent_mission')),
  website    TEXT NOT NULL DEFAULT '',
  accounts   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(accounts)),
  UNIQUE (project_id, country, city, kind)
) STRICT;

-- Old slugs answer 301 to the entity's current slug. lang is '' where slugs span languages.
CREATE TABLE slug_redirects (
  kind      TEXT NOT NULL,
  lang      TEXT NOT NULL DEFAULT '',
  old_slug  TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  PRIMARY KEY (kind, lang, old_slug)
) STRICT;
