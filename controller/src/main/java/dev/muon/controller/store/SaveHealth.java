package dev.muon.controller.store;

/**
 * Whether saves are failing, so that a database that is down for a while is logged when it goes
 * and when it comes back rather than once per refused write. Used by the committer thread only.
 */
final class SaveHealth {
    private boolean failing;

    boolean failing() {
        return failing;
    }

    void failed() {
        failing = true;
    }

    /** A save worked: true if the previous one had failed. */
    boolean recovered() {
        boolean was = failing;
        failing = false;
        return was;
    }
}
