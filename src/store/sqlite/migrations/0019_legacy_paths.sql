-- The addresses of the site Qalam replaced (core/legacy_path.h): each old address's
-- key and the new path it answers 301 to. Written by the WordPress importer.
CREATE TABLE legacy_paths (
  path   TEXT PRIMARY KEY,  -- "/2019/05/06/hello-world", "/?p=12"
  target TEXT NOT NULL      -- "/en/articles/hello-world"
) STRICT, WITHOUT ROWID;

-- How far an import got: written in the same transaction as each batch it commits,
-- so `qalam import --resume` starts after the last one.
CREATE TABLE import_checkpoints (
  key        TEXT PRIMARY KEY,  -- the import's files and options
  position   TEXT NOT NULL,     -- where the next batch starts
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
