-- Conversations are trees: a turn is a user message that follows one reply (or starts the
-- session); each turn has any number of candidate replies; the creator labels each turn.
-- Times are Unix milliseconds. Personas live in characters/<id>/persona.json: character_id is that id.

CREATE TABLE prompt_templates (
    id           INTEGER PRIMARY KEY,
    character_id TEXT,                    -- NULL: the default for every character
    name         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (character_id, name, version)
);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    character_id TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    user_name    TEXT NOT NULL DEFAULT 'user',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX sessions_by_character ON sessions (character_id);

CREATE TABLE turns (
    id                  INTEGER PRIMARY KEY,
    session_id          INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    parent_candidate_id INTEGER REFERENCES candidates (id) ON DELETE CASCADE, -- NULL: first turn
    user_text           TEXT NOT NULL,
    created_at          INTEGER NOT NULL
);
CREATE INDEX turns_by_session ON turns (session_id);
CREATE INDEX turns_by_parent ON turns (parent_candidate_id);

CREATE TABLE candidates (
    id                 INTEGER PRIMARY KEY,
    turn_id            INTEGER NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
    text               TEXT NOT NULL,
    origin             TEXT NOT NULL CHECK (origin IN ('model', 'human', 'edit')),
    edited_from_id     INTEGER REFERENCES candidates (id) ON DELETE SET NULL,
    batch_id           TEXT,                  -- candidates generated together share it
    model_name         TEXT,
    sampling_json      TEXT,                  -- the sampling settings used
    prompt_text        TEXT,                  -- exactly what the model saw
    prompt_token_count INTEGER,
    template_id        INTEGER REFERENCES prompt_templates (id),
    retrieval_json     TEXT,                  -- which script exchanges went into the prompt
    logprobs_json      TEXT,                  -- per-token top-K log-probabilities, when asked
    finish_reason      TEXT,
    created_at         INTEGER NOT NULL
);
CREATE INDEX candidates_by_turn ON candidates (turn_id);

CREATE TABLE labels (
    turn_id             INTEGER PRIMARY KEY REFERENCES turns (id) ON DELETE CASCADE,
    chosen_candidate_id INTEGER REFERENCES candidates (id) ON DELETE SET NULL,
    rationale           TEXT NOT NULL DEFAULT '',
    safety_case         INTEGER NOT NULL DEFAULT 0,
    time_spent_ms       INTEGER NOT NULL DEFAULT 0,
    labeled_at          INTEGER NOT NULL
);

CREATE TABLE label_rejections (
    turn_id      INTEGER NOT NULL REFERENCES labels (turn_id) ON DELETE CASCADE,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    PRIMARY KEY (turn_id, candidate_id)
);

CREATE TABLE label_rankings (
    turn_id      INTEGER NOT NULL REFERENCES labels (turn_id) ON DELETE CASCADE,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    rank         INTEGER NOT NULL,             -- 1 is best
    PRIMARY KEY (turn_id, candidate_id)
);

CREATE TABLE label_reasons (
    turn_id INTEGER NOT NULL REFERENCES labels (turn_id) ON DELETE CASCADE,
    reason  TEXT NOT NULL CHECK (reason IN ('out_of_character', 'wrong_facts', 'bland', 'too_long',
                                            'unsafe', 'repetitive', 'other')),
    PRIMARY KEY (turn_id, reason)
);
