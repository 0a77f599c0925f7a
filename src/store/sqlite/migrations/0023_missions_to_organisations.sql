-- A mission may be accredited to an international organisation (core/organisations.h)
-- rather than to a country: `organisation` names it (empty for a mission to a country)
-- and `country` is its seat's host. One project may hold missions to the UN in New York
-- and in Geneva, and an embassy and a mission to the OSCE in one city: the identity
-- gains the organisation. SQLite changes a UNIQUE constraint by rebuilding the table.
CREATE TABLE missions_rebuilt (
  id           INTEGER PRIMARY KEY,
  project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  country      TEXT NOT NULL CHECK (length(country) = 2),
  organisation TEXT NOT NULL DEFAULT '',
  city         TEXT NOT NULL DEFAULT '',
  kind         TEXT NOT NULL CHECK (kind IN ('embassy', 'consulate', 'permanent_mission')),
  website      TEXT NOT NULL DEFAULT '',
  accounts     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(accounts)),
  city_names   TEXT NOT NULL DEFAULT '{}',
  UNIQUE (project_id, country, organisation, city, kind)
) STRICT;
INSERT INTO missions_rebuilt (id, project_id, country, city, kind, website, accounts, city_names)
  SELECT id, project_id, country, city, kind, website, accounts, city_names FROM missions;
DROP TABLE missions;
ALTER TABLE missions_rebuilt RENAME TO missions;
