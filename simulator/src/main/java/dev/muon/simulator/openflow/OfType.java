package dev.muon.simulator.openflow;

/** OpenFlow 1.3/1.4 message and multipart type numbers the simulator handles by hand. */
final class OfType {
    static final int ERROR = 1;
    static final int FLOW_MOD = 14;
    static final int MULTIPART_REQUEST = 18;
    static final int MULTIPART_REPLY = 19;
    static final int BUNDLE_ADD = 34;
    static final int MULTIPART_FLOW = 1;
    static final int MULTIPART_REPLY_MORE = 1;
    static final int OF13 = 4;
    static final int OF14 = 5;

    private OfType() {
    }
}
