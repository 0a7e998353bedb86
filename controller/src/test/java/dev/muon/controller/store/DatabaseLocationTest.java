package dev.muon.controller.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseLocationTest {

    @Test
    void noUrlMeansTheH2FileInTheDataDirectory() {
        DatabaseLocation db = DatabaseLocation.configured("", "", "", Path.of("/var/lib/muon"));
        assertTrue(db.url().startsWith("jdbc:h2:file:/var/lib/muon/muon;"), db.url());
        assertTrue(db.isH2());
    }

    @Test
    void aUrlIsUsedAsGivenWithItsCredentials() {
        DatabaseLocation db = DatabaseLocation.configured(" jdbc:postgresql://db:5432/muon ", "muon", "secret",
                Path.of("data"));
        assertEquals(new DatabaseLocation("jdbc:postgresql://db:5432/muon", "muon", "secret"), db);
        assertFalse(db.isH2());
    }

    @Test
    void thePasswordStaysOutOfMessages() {
        DatabaseLocation db = new DatabaseLocation("jdbc:postgresql://db/muon", "muon", "secret");
        assertFalse(db.toString().contains("secret"), db.toString());
    }

    @Test
    void postgresConnectionsAreBoundedInTimeAndH2OnesNeedNot() {
        java.util.Properties pg = JdbcPersistence.connectionProperties(
                new DatabaseLocation("jdbc:postgresql://db/muon", "muon", "secret"));
        assertEquals("60", pg.getProperty("socketTimeout"));
        assertEquals("10", pg.getProperty("connectTimeout"));
        assertEquals("10", pg.getProperty("loginTimeout"));
        assertEquals("secret", pg.getProperty("password"));
        assertFalse(JdbcPersistence.connectionProperties(DatabaseLocation.h2In(Path.of("data")))
                .containsKey("socketTimeout"));
    }
}
