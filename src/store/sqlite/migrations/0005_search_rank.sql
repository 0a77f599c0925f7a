-- Rank search results with bm25, title and lead above body, through FTS5's own
-- "ORDER BY rank", which it computes without evaluating other columns for every match.
INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)');
