-- Leases: which node runs a periodic job (the scheduler, feed polling) when several
-- serve one database (SQLite's migration 0025).
CREATE TABLE leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
