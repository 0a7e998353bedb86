-- Several controllers on one database share out the nodes (README, "Several controllers").
-- Each live controller renews its row; one whose row has expired is dead to the others.
CREATE TABLE controller_instance (
    instance_id VARCHAR(64) PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Exactly one controller programs a node: the holder of its lease, until expires_at by the
-- database's clock. fencing rises on every change of holder; it is the OpenFlow generation id
-- the holder becomes master with, so a switch refuses a deposed holder.
CREATE TABLE node_lease (
    node VARCHAR(255) PRIMARY KEY,
    holder VARCHAR(64) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    fencing BIGINT NOT NULL
);
