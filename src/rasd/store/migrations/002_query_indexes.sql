-- Schema version 2: indexes for `rasd events` / `rasd export` filters and the network.
CREATE INDEX events_date ON events (date_start);
CREATE INDEX events_country ON events (country);
CREATE INDEX events_type ON events (type);
