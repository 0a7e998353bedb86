package dev.muon.simulator.ovsdb;

/**
 * One column of a table.
 *
 * @param index position of the column's value in a {@link Row}
 */
record ColumnSchema(String name, int index, ColumnType type, boolean mutable, boolean ephemeral) {
}
