-- Numbers allocated per node that a node's flows depend on (local VLANs; later DVR MACs, router
-- conntrack zones), so that every controller on this database computes the same flows. kind says
-- what is allocated, node is the hostname whose pool it comes from, item what it is allocated to
-- (a network id, a router id), number the allocated value.
CREATE TABLE node_allocation (
    kind VARCHAR(64) NOT NULL,
    node VARCHAR(255) NOT NULL,
    item VARCHAR(255) NOT NULL,
    number BIGINT NOT NULL,
    PRIMARY KEY (kind, node, item),
    -- The database itself refuses one number for two items of a pool, so that two writers racing
    -- for a node's first free number cannot both win.
    CONSTRAINT node_allocation_number_once UNIQUE (kind, node, number)
);
