package dev.muon.ofdriver;

/**
 * What the controller hears from switches. All callbacks of one {@link OpenFlowServer} run
 * on a single event thread, in the order things happened (a switch's
 * {@code switchConnected} comes before its packet-ins and its {@code switchDisconnected}),
 * never on a network thread; a slow callback delays the next one, not the network.
 */
public interface SwitchListener {

    /**
     * Whether this switch, handshake done, may take its datapath id (checked before it can
     * replace another connection of the same id or be announced). Called on a network thread:
     * answer from memory, without blocking. Refused, the connection is closed.
     */
    default boolean admit(OpenFlowSwitch candidate) {
        return true;
    }

    /** The switch finished HELLO and FEATURES: its datapath id is known and it takes requests. */
    void switchConnected(OpenFlowSwitch sw);

    /**
     * The connection ended, or was replaced by a newer one from the same datapath (the new
     * one is announced after this). Compare instances, not datapath ids.
     */
    void switchDisconnected(OpenFlowSwitch sw);

    /** A packet the switch sent to the controller. */
    default void packetIn(OpenFlowSwitch sw, PacketIn packetIn) {
    }
}
