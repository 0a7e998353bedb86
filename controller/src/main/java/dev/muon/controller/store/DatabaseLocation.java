package dev.muon.controller.store;

import java.nio.file.Path;

/**
 * Which database holds the model: a JDBC URL and its credentials. By default an embedded H2
 * file in the data directory; any PostgreSQL database by configuration.
 */
public record DatabaseLocation(String url, String user, String password) {
    /** The default database's file name in the data directory, without H2's {@code .mv.db}. */
    static final String H2_FILE = "muon";

    public DatabaseLocation {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a database URL is required");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /**
     * The embedded H2 database {@code <dataDir>/muon.mv.db}. H2 closes it when the store does,
     * not in its own shutdown hook, so that writes still under way at exit complete.
     */
    public static DatabaseLocation h2In(Path dataDir) {
        return new DatabaseLocation("jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve(H2_FILE)
                + ";DB_CLOSE_ON_EXIT=FALSE", "muon", "");
    }

    /** From configuration: {@code url} blank means the embedded default in {@code dataDir}. */
    public static DatabaseLocation configured(String url, String user, String password, Path dataDir) {
        if (url == null || url.isBlank()) {
            DatabaseLocation h2 = h2In(dataDir);
            return user == null || user.isBlank() ? h2 : new DatabaseLocation(h2.url(), user, password);
        }
        return new DatabaseLocation(url.trim(), user, password);
    }

    boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    @Override
    public String toString() {
        // Never the password (this ends up in logs and error messages).
        return url + (user.isEmpty() ? "" : " as " + user);
    }
}
