-- Leases: which process runs a periodic job (the scheduler, feed polling) when several
-- serve one database. A holder renews its lease each run; a lease not renewed by its
-- expiry (the holder was killed) goes to the next process that asks.
CREATE TABLE leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,     -- host, process and a random part
  expires_at INTEGER NOT NULL   -- Unix seconds, the database's clock
) STRICT, WITHOUT ROWID;
