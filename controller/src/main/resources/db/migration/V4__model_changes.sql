-- Several controllers on one database: each must learn what the others committed without reading
-- the whole model again. changed is the model version that last wrote the row; a deleted resource
-- leaves a row in model_deletion with the version that deleted it. A controller that last read
-- version v reads the rows changed after v, and the deletions after v, and is up to date.
ALTER TABLE model_resource ADD COLUMN changed BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX model_resource_changed ON model_resource (changed);

CREATE TABLE model_deletion (
    kind VARCHAR(64) NOT NULL,
    id VARCHAR(255) NOT NULL,
    changed BIGINT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX model_deletion_changed ON model_deletion (changed);
