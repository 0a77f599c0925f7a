-- SQLite's group_concat over ids: "3,1,2" in the order the rows come (a piece's bylines
-- and tags read with the piece itself, in one statement instead of two).
CREATE FUNCTION ids_text(ids BIGINT[]) RETURNS TEXT LANGUAGE sql IMMUTABLE
  AS $$ SELECT array_to_string(ids, ',') $$;
CREATE AGGREGATE group_concat(BIGINT) (
  SFUNC = array_append, STYPE = BIGINT[], INITCOND = '{}', FINALFUNC = ids_text);
