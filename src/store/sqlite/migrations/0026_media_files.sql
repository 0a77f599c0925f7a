-- The media library's files in the database, for a site whose nodes share no disk
-- (PostgreSQL's migration 0003; a SQLite site keeps its files in media/ and leaves
-- this table empty).
CREATE TABLE media_files (
  name       TEXT PRIMARY KEY,  -- the file's name under /media/
  bytes      BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
