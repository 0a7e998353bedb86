package dev.muon.ofdriver;

/**
 * A request in flight on one switch connection, owning a contiguous range of transaction
 * ids (a bundle owns one per message). Called on the connection's event loop.
 */
interface PendingRequest {

    /** A reply with an xid in this request's range; returns true when the request is finished. */
    boolean onReply(long xid, Object reply);

    /** An ERROR message for an xid in this request's range; returns true when finished. */
    boolean onError(OpenFlowErrorException error);

    /** The connection is gone; the request must fail. */
    void onDisconnect(SwitchDisconnectedException e);
}
