-- Sign-in throttling and the audit log stay bounded whatever anonymous clients send.
--
-- Failed sign-ins become one counter row per key (an address, or the hash of an
-- account's email) instead of one row per attempt: a guessing attack updates a row.
DROP TABLE sign_in_failures;
CREATE TABLE sign_in_throttle (
  key       TEXT PRIMARY KEY,
  failures  INTEGER NOT NULL,
  first_at  INTEGER NOT NULL,  -- when this run of failures began
  last_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sign_in_throttle_by_time ON sign_in_throttle (last_at);

-- Repeated events (failed and throttled sign-ins of one email from one address) are
-- folded into one entry per window: `repeats` counts them and `at` is the latest.
ALTER TABLE audit_log ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1;
CREATE INDEX audit_log_for_folding ON audit_log (action, actor, address, at);

-- Entries written before emails were checked could hold megabytes in `actor`.
UPDATE audit_log SET actor = substr(actor, 1, 254) || '…' WHERE length(actor) > 254;
UPDATE audit_log SET detail = substr(detail, 1, 2000) || '…' WHERE length(detail) > 2000;
