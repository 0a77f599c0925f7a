-- Site-wide settings that administrators edit (title, tagline …), as text.
CREATE TABLE site_settings (
  key   TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  value TEXT NOT NULL
) STRICT;
