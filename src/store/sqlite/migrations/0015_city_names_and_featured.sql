-- A mission's city named in each language ("Vienna", "Vyana", "Вена"); `city` stays
-- the mission's identity within its project and the fallback name.
ALTER TABLE missions ADD COLUMN city_names TEXT NOT NULL DEFAULT '{}';

-- The home page's featured pieces span every language (one per translation group):
-- read from the few featured rows, not from every published piece.
CREATE INDEX articles_featured_published ON articles (featured, published_at DESC, id DESC)
  WHERE status = 'published';
