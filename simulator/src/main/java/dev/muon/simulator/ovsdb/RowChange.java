package dev.muon.simulator.ovsdb;

/**
 * One row changed by a commit: {@code old} null for an insert, {@code current} null for a
 * delete.
 */
record RowChange(TableSchema table, Row old, Row current) {
}
