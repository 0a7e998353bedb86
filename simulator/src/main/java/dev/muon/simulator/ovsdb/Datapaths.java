package dev.muon.simulator.ovsdb;

/**
 * What the ovs-vswitchd emulation tells the node about its bridges' OpenFlow side, on the
 * node's event loop: a bridge's datapath appears (or changes identity or controller), gains
 * and loses numbered ports, and goes away.
 */
public interface Datapaths {

    /** @param controllerTarget the bridge's Controller target, or null when it has none */
    void bridgeUp(String bridge, long datapathId, String controllerTarget);

    void bridgeDown(String bridge);

    void portAdded(String bridge, int ofport, String name, String mac);

    void portRemoved(String bridge, int ofport);

    /** A Datapaths that ignores everything: a node without OpenFlow. */
    Datapaths NONE = new Datapaths() {
        @Override
        public void bridgeUp(String bridge, long datapathId, String controllerTarget) {
        }

        @Override
        public void bridgeDown(String bridge) {
        }

        @Override
        public void portAdded(String bridge, int ofport, String name, String mac) {
        }

        @Override
        public void portRemoved(String bridge, int ofport) {
        }
    };
}
