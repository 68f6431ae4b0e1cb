-- Ratings posted to the service, their removals and erasures, in the order they took effect (id).
-- Kinds: R a rating, D the removal of one, X an erasure (the user named only by a keyed digest;
-- the erased user's own rows are deleted in the same transaction).
CREATE TABLE rating_events (
    id        bigserial PRIMARY KEY,
    kind      char(1) NOT NULL CHECK (kind IN ('R', 'D', 'X')),
    user_id   bigint,
    movie_id  bigint,
    rating    real,
    digest    char(64),
    at_millis bigint  NOT NULL,
    CHECK ((kind = 'X') = (user_id IS NULL)),
    CHECK ((kind = 'R') = (rating IS NOT NULL))
);

CREATE INDEX rating_events_user ON rating_events (user_id);

-- Settings the replicas share: the key of the erasure digests, made once.
CREATE TABLE rating_settings (
    name  text PRIMARY KEY,
    value text NOT NULL
);

-- Ratings to train on where recommender.data.source is jdbc: load them here (COPY), or point
-- recommender.data.query at a table of your own.
CREATE TABLE ratings (
    id       bigserial PRIMARY KEY,
    user_id  bigint NOT NULL,
    movie_id bigint NOT NULL,
    rating   real   NOT NULL,
    rated_at bigint NOT NULL
);
