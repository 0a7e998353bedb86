package dev.muon.ofdriver;

/** OpenFlow's reserved port numbers (OFPP_*), as the signed ints {@code Action.Output} holds. */
public final class OpenFlowPorts {
    /** Highest number of a physical or logical port. */
    public static final int MAX = 0xffffff00;
    public static final int IN_PORT = 0xfffffff8;
    /** Run the packet through the flow table (packet-out only). */
    public static final int TABLE = 0xfffffff9;
    public static final int NORMAL = 0xfffffffa;
    public static final int FLOOD = 0xfffffffb;
    public static final int ALL = 0xfffffffc;
    public static final int CONTROLLER = 0xfffffffd;
    public static final int LOCAL = 0xfffffffe;
    public static final int ANY = 0xffffffff;

    private OpenFlowPorts() {
    }
}
