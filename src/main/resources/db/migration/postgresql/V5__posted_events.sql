-- Implicit events beside ratings in the same ordered log (so replicas read them back, and an erasure
-- deletes them, exactly as ratings): E event_count events of type event_type on a movie, the last
-- at at_millis; F the removal of the user's events of that type on the movie.
ALTER TABLE rating_events ADD COLUMN event_type text;
ALTER TABLE rating_events ADD COLUMN event_count integer;
ALTER TABLE rating_events DROP CONSTRAINT rating_events_kind_check;
ALTER TABLE rating_events ADD CONSTRAINT rating_events_kind_check CHECK (kind IN ('R', 'D', 'X', 'E', 'F'));
ALTER TABLE rating_events ADD CONSTRAINT rating_events_event_check
    CHECK ((kind IN ('E', 'F')) = (event_type IS NOT NULL) AND (kind = 'E') = (event_count IS NOT NULL)
           AND (event_type IS NULL OR event_type ~ '^[a-z][a-z0-9-]{0,31}$') AND coalesce(event_count, 1) >= 1);
