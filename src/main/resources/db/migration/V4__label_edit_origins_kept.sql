-- A chosen edit counts as preferred over the reply it was edited from (shown "rejected (edited)" in the
-- chat room); the creator can take that back for one turn: then the originals stay out of its pairs.
ALTER TABLE labels ADD COLUMN edit_origins_kept INTEGER NOT NULL DEFAULT 0;
