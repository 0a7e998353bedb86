package dev.muon.controller.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the model database's schema to the version this build expects, with Flyway and the
 * scripts in {@code db/migration} (V1__..., V2__..., applied once each, in order, and checked
 * against their checksums on every start). The same scripts serve H2 and PostgreSQL.
 */
final class SchemaMigrations {
    static final String LOCATION = "classpath:db/migration";

    private SchemaMigrations() {
    }

    /** @return the schema version now in place */
    static String migrate(DatabaseLocation db) {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(db.url(), db.user(), db.password())
                    .locations(LOCATION)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the schema of " + db + ": " + e.getMessage(), e);
        }
    }
}
