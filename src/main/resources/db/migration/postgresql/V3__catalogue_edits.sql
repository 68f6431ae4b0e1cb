-- Catalogue edits (#37): every entry put, retired or loaded in bulk, in order, shared by every replica.
-- Each line is one entry or one bulk load ({"entries": [...]}) in the catalogue edits file's format.
CREATE TABLE catalogue_edits (
    id   BIGSERIAL PRIMARY KEY,
    at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    line TEXT NOT NULL
);
