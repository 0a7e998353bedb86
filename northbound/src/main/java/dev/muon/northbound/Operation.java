package dev.muon.northbound;

/** Which write a request body is for; decides which attributes it may carry. */
enum Operation {
    CREATE("create"), UPDATE("update");

    private final String action;

    Operation(String action) {
        this.action = action;
    }

    /** The verb of Neutron's policy rule names (create_network, update_port, ...). */
    String action() {
        return action;
    }
}
