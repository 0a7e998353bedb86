package dev.muon.ovsdb;

import dev.muon.pipeline.node.NodeState;

/**
 * What the controller hears about Open vSwitch nodes. Called on the connection's I/O
 * thread: implementations must not block (hand long work to another thread).
 */
public interface OvsdbListener {

    /** The node's database is monitored and its cache holds the initial contents. */
    void nodeConnected(OvsdbNode node);

    /** The node's database changed (also called once right after {@link #nodeConnected}). */
    void nodeChanged(OvsdbNode node, NodeState state);

    /** The connection is gone; a reconnecting node arrives as a new {@link OvsdbNode}. */
    void nodeDisconnected(OvsdbNode node);
}
