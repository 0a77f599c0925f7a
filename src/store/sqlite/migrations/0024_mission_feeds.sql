-- The missions' timelines (docs/monitoring.md): a mission's social account with a
-- feed is a source of its own, made and kept by the mission record (content_import);
-- its posts are not the desk's inbox but the project page's timeline.
ALTER TABLE feed_sources ADD COLUMN mission_id INTEGER REFERENCES missions (id) ON DELETE CASCADE;
ALTER TABLE feed_sources ADD COLUMN network TEXT NOT NULL DEFAULT '';
CREATE INDEX feed_sources_by_mission ON feed_sources (mission_id) WHERE mission_id IS NOT NULL;
CREATE INDEX feed_items_by_source ON feed_items (source_id, published_at DESC);
