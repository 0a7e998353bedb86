-- Muon's model: one row per resource, whatever its kind, so that a new kind of resource needs
-- no schema change. kind is the resource's REST collection (networks, subnets, ports, ...), body
-- the resource record as JSON. Portable SQL: the same script runs on H2 and PostgreSQL.
CREATE TABLE model_resource (
    kind VARCHAR(64) NOT NULL,
    id VARCHAR(255) NOT NULL,
    body VARCHAR NOT NULL,
    PRIMARY KEY (kind, id)
);

-- How many changes were committed to the model: one row, bumped in the transaction of each change.
CREATE TABLE model_version (
    id INT NOT NULL PRIMARY KEY,
    version BIGINT NOT NULL
);

INSERT INTO model_version (id, version) VALUES (1, 0);
