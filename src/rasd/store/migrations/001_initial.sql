-- rasd store, schema version 1: articles, the events coded in them, merged events.
-- Written in the SQL both backends speak (DuckDB and PostgreSQL): no serials, no JSON types.

CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Store-wide settings that must not change once events are merged (merge window).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- One row per article. An article is keyed by its id; text_hash is the sha256 of its
-- normalised text: the same id with the same hash is already present, a new hash replaces it.
CREATE TABLE articles (
    id           TEXT PRIMARY KEY,
    text_hash    TEXT NOT NULL,
    source       TEXT,
    url          TEXT,
    published    TEXT,
    country      TEXT,
    text         TEXT NOT NULL,
    file         TEXT,
    line         INTEGER,
    n_events     INTEGER NOT NULL,
    ingested_at  TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Canonical actors (key = dictionary id) and ad-hoc ones (key = '~' + normalised name).
-- When writers disagree on an attribute, the smallest value is kept (order-independent).
CREATE TABLE actors (
    key       TEXT PRIMARY KEY,
    actor_id  TEXT,
    name      TEXT NOT NULL,
    country   TEXT,
    sector    TEXT,
    kind      TEXT
);

-- Geocoded places (key = gazetteer id, or name|country when the gazetteer gave none).
CREATE TABLE places (
    key        TEXT PRIMARY KEY,
    place_id   TEXT,
    name       TEXT NOT NULL,
    country    TEXT,
    lat        DOUBLE PRECISION,
    lon        DOUBLE PRECISION,
    precision  TEXT
);

-- One real-world event: a connected group of reports (event_sources) under the merging
-- rule (docs/store.md). Its id is derived from its members.
CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    mode        TEXT,
    factuality  TEXT NOT NULL,
    source_key  TEXT,
    target_key  TEXT,
    place_key   TEXT,
    country     TEXT,
    date        TEXT,
    date_start  DATE,
    date_end    DATE,
    killed      INTEGER,
    wounded     INTEGER,
    n_sources   INTEGER NOT NULL,
    n_reports   INTEGER NOT NULL
);

-- One report: an event as one article codes it, with its evidence. event_id is the merged
-- event it belongs to; merge_key what reports of one event share (NULL: never merged).
-- The actor and place attributes merging votes on are kept per report, so a merged event
-- depends only on its reports (the actors and places tables are for display).
CREATE TABLE event_sources (
    article_id       TEXT NOT NULL,
    seq              INTEGER NOT NULL,
    event_id         TEXT NOT NULL,
    type             TEXT NOT NULL,
    mode             TEXT,
    factuality       TEXT NOT NULL,
    trigger_start    INTEGER NOT NULL,
    trigger_end      INTEGER NOT NULL,
    trigger_text     TEXT NOT NULL,
    evidence_start   INTEGER NOT NULL,
    evidence_end     INTEGER NOT NULL,
    evidence_text    TEXT NOT NULL,
    source_key       TEXT,
    source_country   TEXT,
    source_text      TEXT,
    source_start     INTEGER,
    source_end       INTEGER,
    target_key       TEXT,
    target_country   TEXT,
    target_text      TEXT,
    target_start     INTEGER,
    target_end       INTEGER,
    place_key        TEXT,
    place_country    TEXT,
    place_precision  TEXT,
    place_text       TEXT,
    place_start      INTEGER,
    place_end        INTEGER,
    date             TEXT,
    date_basis       TEXT,
    date_start       DATE,
    date_end         DATE,
    merge_key        TEXT,
    killed           INTEGER,
    wounded          INTEGER,
    lower_bound      BOOLEAN,
    rules            TEXT NOT NULL,
    mentions         TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX event_sources_event ON event_sources (event_id);
CREATE INDEX event_sources_merge ON event_sources (merge_key, date_start);

-- Input that could not be stored: one row per file and line (line 0: the whole file).
CREATE TABLE rejects (
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    article_id   TEXT,
    reason       TEXT NOT NULL,
    rejected_at  TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (file, line)
);
