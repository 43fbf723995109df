-- Reasons say which reply they are about: candidate_id names the chosen or a rejected reply; NULL keeps a
-- reason about the whole turn. Reasons stored before this version were kept per turn without saying which
-- reply they meant (the chat room showed them as "about the rejected replies, else the chosen one"), so they
-- stay turn-level (candidate_id NULL) rather than being guessed onto one reply. SQLite cannot change a primary
-- key in place: the table is copied into its new shape.
CREATE TABLE label_reasons_v8 (
    turn_id      INTEGER NOT NULL REFERENCES labels (turn_id) ON DELETE CASCADE,
    candidate_id INTEGER REFERENCES candidates (id) ON DELETE CASCADE,
    reason       TEXT NOT NULL CHECK (reason IN ('out_of_character', 'wrong_facts', 'bland', 'too_long',
                                                 'unsafe', 'repetitive', 'other'))
);
INSERT INTO label_reasons_v8 (turn_id, candidate_id, reason) SELECT turn_id, NULL, reason FROM label_reasons;
DROP TABLE label_reasons;
ALTER TABLE label_reasons_v8 RENAME TO label_reasons;
CREATE UNIQUE INDEX label_reasons_once ON label_reasons (turn_id, coalesce(candidate_id, 0), reason);
CREATE INDEX label_reasons_by_candidate ON label_reasons (candidate_id);
