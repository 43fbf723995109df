-- Evaluation runs (issue 14): test sets, runs of a model over them, scores and human ratings.

-- A test set: imported from CharacterEval's files ('charactereval') or held out of the scripts ('scripts').
CREATE TABLE eval_sets (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    source      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- One item: the character answers the context; metrics_json is [[metric_en, metric_zh], ...].
-- held_out_*: the script line that is the reference (kept out of retrieval during a run).
CREATE TABLE eval_items (
    id               INTEGER PRIMARY KEY,
    set_id           INTEGER NOT NULL REFERENCES eval_sets (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    item_key         TEXT NOT NULL,
    character_id     TEXT NOT NULL,
    role             TEXT NOT NULL,
    novel            TEXT NOT NULL DEFAULT '',
    context          TEXT NOT NULL,
    reference        TEXT,
    metrics_json     TEXT NOT NULL,
    held_out_source  TEXT,
    held_out_line    INTEGER,
    UNIQUE (set_id, item_key),
    UNIQUE (set_id, position)
);

-- The profile text a reward model reads for a role of the set (<RoleInfo>).
CREATE TABLE eval_profiles (
    set_id        INTEGER NOT NULL REFERENCES eval_sets (id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    profile_text  TEXT NOT NULL,
    PRIMARY KEY (set_id, role)
);

CREATE TABLE eval_runs (
    id               INTEGER PRIMARY KEY,
    set_id           INTEGER NOT NULL REFERENCES eval_sets (id) ON DELETE CASCADE,
    model_name       TEXT NOT NULL,
    weights_hash     TEXT NOT NULL,
    template_version INTEGER,
    sampling_json    TEXT NOT NULL,
    retrieval_json   TEXT NOT NULL,
    item_limit       INTEGER,
    created_at       TEXT NOT NULL
);

-- One reply per run and item: the exact prompt, the whole output, and the first line kept for scoring.
CREATE TABLE eval_replies (
    run_id       INTEGER NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
    item_id      INTEGER NOT NULL REFERENCES eval_items (id) ON DELETE CASCADE,
    prompt       TEXT NOT NULL,
    output       TEXT NOT NULL,
    reply        TEXT NOT NULL,
    template_id  INTEGER,
    retrieval_json TEXT NOT NULL,
    millis       REAL NOT NULL,
    PRIMARY KEY (run_id, item_id)
);

-- Machine scores: scorer 'rm:<name>@<hash>' with metric_en, or 'reference' with char_f1, rouge_l, length.
CREATE TABLE eval_scores (
    run_id   INTEGER NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
    item_id  INTEGER NOT NULL REFERENCES eval_items (id) ON DELETE CASCADE,
    scorer   TEXT NOT NULL,
    metric   TEXT NOT NULL,
    value    REAL NOT NULL,
    PRIMARY KEY (run_id, item_id, scorer, metric)
);

-- The creator's own 1-5 ratings.
CREATE TABLE eval_ratings (
    run_id    INTEGER NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
    item_id   INTEGER NOT NULL REFERENCES eval_items (id) ON DELETE CASCADE,
    metric    TEXT NOT NULL,
    rating    INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    rated_at  TEXT NOT NULL,
    PRIMARY KEY (run_id, item_id, metric)
);
