-- The nodes a controller has seen, each with its last configuration (NodeConfig as JSON), so that
-- a node briefly away (a controller restart, an OVSDB reconnect) still counts as present.
CREATE TABLE remembered_node (
    hostname VARCHAR(255) NOT NULL PRIMARY KEY,
    config VARCHAR NOT NULL
);
