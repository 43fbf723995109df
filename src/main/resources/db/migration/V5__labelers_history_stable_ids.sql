-- Several labelers. Sessions, turns and replies get stable ids (random UUIDs) that survive a copy of
-- studio.db, so a label bundle made in one copy names the same turns and replies in another. A
-- trigger gives every new row its id, whatever code inserts it.
ALTER TABLE sessions ADD COLUMN uid TEXT;
ALTER TABLE turns ADD COLUMN uid TEXT;
ALTER TABLE candidates ADD COLUMN uid TEXT;
UPDATE sessions SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE turns SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE candidates SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX sessions_by_uid ON sessions (uid);
CREATE UNIQUE INDEX turns_by_uid ON turns (uid);
CREATE UNIQUE INDEX candidates_by_uid ON candidates (uid);
CREATE TRIGGER sessions_get_uid AFTER INSERT ON sessions FOR EACH ROW WHEN NEW.uid IS NULL BEGIN UPDATE sessions SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) WHERE id = NEW.id; END;
CREATE TRIGGER turns_get_uid AFTER INSERT ON turns FOR EACH ROW WHEN NEW.uid IS NULL BEGIN UPDATE turns SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) WHERE id = NEW.id; END;
CREATE TRIGGER candidates_get_uid AFTER INSERT ON candidates FOR EACH ROW WHEN NEW.uid IS NULL BEGIN UPDATE candidates SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) WHERE id = NEW.id; END;

-- Workspace settings: the labeler's name ('labeler'), labeling goals per character ('goal.<id>').
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Who made each label of this workspace ('' for labels made before a labeler name was set).
ALTER TABLE labels ADD COLUMN labeler TEXT NOT NULL DEFAULT '';

-- Every change of a label, with the label as it was before ('had_label' 0: there was none), so the
-- last change can be undone. Lists are comma-separated candidate ids / reason tags.
CREATE TABLE label_history (
    id                  INTEGER PRIMARY KEY,
    turn_id             INTEGER NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
    changed_at          INTEGER NOT NULL,
    labeler             TEXT NOT NULL DEFAULT '',
    undone              INTEGER NOT NULL DEFAULT 0,
    had_label           INTEGER NOT NULL,
    chosen_candidate_id INTEGER,
    rejected            TEXT NOT NULL DEFAULT '',
    ranking             TEXT NOT NULL DEFAULT '',
    reasons             TEXT NOT NULL DEFAULT '',
    rationale           TEXT NOT NULL DEFAULT '',
    safety_case         INTEGER NOT NULL DEFAULT 0,
    time_spent_ms       INTEGER NOT NULL DEFAULT 0,
    labeled_at          INTEGER NOT NULL DEFAULT 0,
    edit_origins_kept   INTEGER NOT NULL DEFAULT 0,
    previous_labeler    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX label_history_by_turn ON label_history (turn_id);

-- Labels of other labelers merged from their bundles, side by side with this workspace's own: an
-- import never overwrites a label; the same label imported twice is kept once.
CREATE TABLE merged_labels (
    id                  INTEGER PRIMARY KEY,
    turn_id             INTEGER NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
    labeler             TEXT NOT NULL,
    chosen_candidate_id INTEGER REFERENCES candidates (id) ON DELETE SET NULL,
    rejected            TEXT NOT NULL DEFAULT '',
    reasons             TEXT NOT NULL DEFAULT '',
    rationale           TEXT NOT NULL DEFAULT '',
    safety_case         INTEGER NOT NULL DEFAULT 0,
    labeled_at          INTEGER NOT NULL,
    UNIQUE (turn_id, labeler, labeled_at)
);
CREATE INDEX merged_labels_by_turn ON merged_labels (turn_id);
