-- The media library's files (originals and WebP variants), so that any node serves
-- any file and a new node needs nothing copied; each node keeps a bounded local copy
-- of those it served (SQLite's migration 0026).
CREATE TABLE media_files (
  name       TEXT PRIMARY KEY,  -- the file's name under /media/
  bytes      BYTEA NOT NULL,
  updated_at BIGINT NOT NULL
);
-- Images are compressed already: stored out of line without another try at it.
ALTER TABLE media_files ALTER COLUMN bytes SET STORAGE EXTERNAL;
