-- The newsroom: accounts, sessions, API tokens, sign-in throttling, the audit log,
-- the editorial workflow (statuses, revisions, optimistic concurrency, preview links)
-- and uploaded media. Secrets (passwords, session and API tokens, links) are stored
-- only as hashes.

-- Articles gain the workflow's statuses. A column CHECK cannot be altered in place, so
-- the column is rebuilt (its indexes with it) and its values carried over.
ALTER TABLE articles ADD COLUMN status_carry TEXT NOT NULL DEFAULT 'draft';
UPDATE articles SET status_carry = status;
DROP INDEX articles_by_language;
DROP INDEX articles_by_section;
ALTER TABLE articles DROP COLUMN status;
ALTER TABLE articles ADD COLUMN status TEXT NOT NULL DEFAULT 'draft'
  CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'unpublished'));
UPDATE articles SET status = status_carry;
ALTER TABLE articles DROP COLUMN status_carry;
CREATE INDEX articles_by_language ON articles (lang, status, published_at DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section_id, lang, status, published_at DESC);
CREATE INDEX articles_by_status ON articles (status, published_at);

-- Every save increments version; a save naming an older version is refused.
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- The account that created the piece (NULL for imported pieces).
ALTER TABLE articles ADD COLUMN owner_id INTEGER;
ALTER TABLE articles ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET created_at = published_at;

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
  password_hash TEXT NOT NULL DEFAULT '',
  disabled      INTEGER NOT NULL DEFAULT 0,
  author_id     INTEGER REFERENCES authors (id) ON DELETE SET NULL,
  language      TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  last_seen   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name        TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  last_used   INTEGER NOT NULL DEFAULT 0,
  revoked     INTEGER NOT NULL DEFAULT 0
) STRICT;

-- One-time links: password resets.
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
) STRICT;

-- Failed sign-ins, by account ('account:EMAIL') and by address ('ip:ADDR').
CREATE TABLE sign_in_failures (
  key TEXT NOT NULL,
  at  INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);

CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  user_id   INTEGER,
  actor     TEXT NOT NULL,  -- email, or 'cli' / 'scheduler'
  action    TEXT NOT NULL,  -- 'sign_in', 'sign_in_failed', 'article.publish' …
  subject   TEXT NOT NULL DEFAULT '',
  detail    TEXT NOT NULL DEFAULT '',
  address   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_by_time ON audit_log (at DESC, id DESC);

CREATE TABLE article_revisions (
  id          INTEGER PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  user_id     INTEGER,
  actor       TEXT NOT NULL,
  saved_at    INTEGER NOT NULL,
  content     TEXT NOT NULL CHECK (json_valid(content)),  -- the piece as saved
  UNIQUE (article_id, version)
) STRICT;

CREATE TABLE preview_links (
  token_hash TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  revoked    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX preview_links_by_article ON preview_links (article_id);

CREATE TABLE media (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,  -- generated: the stored file's stem
  extension   TEXT NOT NULL,
  mime        TEXT NOT NULL,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  variants    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(variants)),  -- widths of the WebP variants
  alt         TEXT NOT NULL DEFAULT '',
  uploaded_by INTEGER,
  created_at  INTEGER NOT NULL
) STRICT;
