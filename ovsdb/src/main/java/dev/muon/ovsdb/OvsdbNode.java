package dev.muon.ovsdb;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.node.NodeState;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;

/** One OVSDB connection to one Open vSwitch node. */
public interface OvsdbNode {

    /** The remote address, stable for the life of the connection. */
    String connectionId();

    /** The node as the monitor cache currently shows it. */
    NodeState state();

    /**
     * Makes the node's bridges and ports match {@code desired} in one transaction, touching
     * nothing Muon does not own. Completes once OVSDB committed it and the cache shows it;
     * completes at once when nothing differs. Calls are applied in order.
     */
    CompletableFuture<Void> apply(DesiredState desired);

    boolean isConnected();

    /**
     * The TLS session the node connected with (its peer certificate names the node); empty
     * over plain TCP, which carries no identity.
     */
    Optional<SSLSession> tlsSession();

    /** Closes the connection (a refused node); the listener then hears nodeDisconnected. */
    void disconnect();
}
