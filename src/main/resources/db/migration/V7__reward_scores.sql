-- Reward-model scores (issue 13). A score set is one reward model as it was when it scored: its name, a
-- hash of its weights and of the layout its input was rendered in. Scores are machine judgements: they
-- live apart from the labels and never become one. Scoring again with the same set adds nothing; a new
-- reward model (or the same one in another layout) is a new set beside the old ones.

CREATE TABLE reward_score_sets (
    id          INTEGER PRIMARY KEY,
    model_name  TEXT NOT NULL,
    weights_hash TEXT NOT NULL,            -- SHA-256 of the weights, head and config, then the layout
    layout      TEXT NOT NULL,             -- the export layout the input was rendered in, e.g. index-dpo:stored
    created_at  INTEGER NOT NULL,
    UNIQUE (model_name, weights_hash, layout)
);

CREATE TABLE reward_scores (
    score_set_id INTEGER NOT NULL REFERENCES reward_score_sets (id) ON DELETE CASCADE,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    score        REAL NOT NULL,
    scored_at    INTEGER NOT NULL,
    PRIMARY KEY (score_set_id, candidate_id)
);
CREATE INDEX reward_scores_by_candidate ON reward_scores (candidate_id);

-- An RM suggestion accepted as the label: the label is the creator's, the score set that suggested it is kept.
ALTER TABLE labels ADD COLUMN suggested_by INTEGER REFERENCES reward_score_sets (id) ON DELETE SET NULL;
