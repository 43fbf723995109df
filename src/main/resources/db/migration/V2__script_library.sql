-- Script excerpts: imported files and their lines. The Lucene index under index/ is derived from
-- these tables and can be rebuilt from them at any time.
CREATE TABLE script_sources (
    id           INTEGER PRIMARY KEY,
    path         TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    content_hash TEXT    NOT NULL UNIQUE,
    encoding     TEXT    NOT NULL,
    format       TEXT    NOT NULL,
    imported_at  TEXT    NOT NULL,
    scene_count  INTEGER NOT NULL DEFAULT 0,
    line_count   INTEGER NOT NULL DEFAULT 0,
    -- how many preceding lines of its scene each exchange keeps as context
    exchange_window INTEGER NOT NULL DEFAULT 6
);

CREATE TABLE script_lines (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES script_sources (id) ON DELETE CASCADE,
    scene       INTEGER NOT NULL,
    line_number INTEGER NOT NULL,
    speaker     TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    direction   TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX script_lines_by_source ON script_lines (source_id, line_number);
CREATE INDEX script_lines_by_speaker ON script_lines (speaker, source_id, scene);
