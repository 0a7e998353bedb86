package dev.muon.northbound;

/**
 * A client's value as an error message quotes it: whole when short, else its beginning and an
 * ellipsis, so that a megabyte of input never comes back as a megabyte of error (or of log).
 */
public final class Excerpt {
    /** Enough to recognise a value, an address or a UUID; far from a body's size. */
    public static final int MAX = 120;

    private Excerpt() {
    }

    public static String of(String value) {
        if (value == null || value.length() <= MAX) {
            return value;
        }
        return value.substring(0, MAX) + "... (" + value.length() + " characters)";
    }

    /** {@code value}'s text, cut short ({@link String#valueOf} for anything that is not a string). */
    public static String of(Object value) {
        return of(String.valueOf(value));
    }
}
