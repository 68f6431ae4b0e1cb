-- Experiments' figures and memory shared by every replica (#37).
-- What each user was recently shown in the running experiment, matched against later ratings on
-- whichever replica receives them; bounded per user and in total by the service, pruned past the
-- hit window.
CREATE TABLE experiment_exposures (
    user_id    BIGINT NOT NULL,
    experiment TEXT   NOT NULL,
    movie_id   BIGINT NOT NULL,
    variant    TEXT   NOT NULL,
    shown_at   BIGINT NOT NULL, -- epoch milliseconds
    PRIMARY KEY (user_id, experiment, movie_id)
);
CREATE INDEX experiment_exposures_shown_at ON experiment_exposures (shown_at);

-- Each exposed user's lists served and hits, per experiment (a user's variant is sticky).
CREATE TABLE experiment_users (
    experiment TEXT   NOT NULL,
    user_id    BIGINT NOT NULL,
    variant    TEXT   NOT NULL,
    lists      BIGINT NOT NULL,
    hits       BIGINT NOT NULL,
    PRIMARY KEY (experiment, user_id)
);
CREATE INDEX experiment_users_user ON experiment_users (user_id);
