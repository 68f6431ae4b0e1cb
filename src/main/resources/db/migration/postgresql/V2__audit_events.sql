-- The audit trail (#34): every change made to the service, in order, shared by every replica.
CREATE TABLE audit_events (
    id         BIGSERIAL PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    credential TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    status     INTEGER NOT NULL,
    outcome    TEXT NOT NULL
);
CREATE INDEX audit_events_at ON audit_events (at);
