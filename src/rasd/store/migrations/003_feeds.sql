-- Schema version 3: what `rasd watch` remembers between polls and across restarts.

-- One row per polled URL (a feed, or a page source): the validators of the last answer,
-- for a conditional GET (If-None-Match / If-Modified-Since), and how the last poll went.
CREATE TABLE feed_urls (
    url            TEXT PRIMARY KEY,
    etag           TEXT,
    last_modified  TEXT,
    status         TEXT NOT NULL,
    error          TEXT,
    failures       INTEGER NOT NULL,
    checked_at     TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- One row per feed item (its article URL, also the article's id) rasd has dealt with, so
-- an item is fetched once: status stored, rejected, gone (a permanent failure) or failed
-- (a transient one: tried again at later polls until `tries` reaches the limit).
CREATE TABLE feed_items (
    url         TEXT PRIMARY KEY,
    feed        TEXT NOT NULL,
    status      TEXT NOT NULL,
    tries       INTEGER NOT NULL,
    reason      TEXT,
    first_seen  TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    last_tried  TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
