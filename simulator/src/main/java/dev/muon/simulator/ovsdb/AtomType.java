package dev.muon.simulator.ovsdb;

/** The atomic types of RFC 7047 section 3.1, and the Java class each atom is held as. */
enum AtomType {
    INTEGER(Long.class), REAL(Double.class), BOOLEAN(Boolean.class), STRING(String.class), UUID(java.util.UUID.class);

    final Class<?> javaClass;

    AtomType(Class<?> javaClass) {
        this.javaClass = javaClass;
    }

    static AtomType parse(String name) {
        return switch (name) {
            case "integer" -> INTEGER;
            case "real" -> REAL;
            case "boolean" -> BOOLEAN;
            case "string" -> STRING;
            case "uuid" -> UUID;
            default -> throw new IllegalArgumentException("unknown atomic type " + name);
        };
    }

    /** The value a column of this type holds when nothing was written (RFC 7047 5.1, insert). */
    Object defaultAtom() {
        return switch (this) {
            case INTEGER -> 0L;
            case REAL -> 0.0;
            case BOOLEAN -> false;
            case STRING -> "";
            case UUID -> new java.util.UUID(0, 0);
        };
    }
}
