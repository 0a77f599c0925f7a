-- The media library describes each image once: its alt text (already there), a
-- caption and a credit, carried into the pieces that use it.
ALTER TABLE media ADD COLUMN caption TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN credit TEXT NOT NULL DEFAULT '';
