package dev.muon.pipeline.flow;

/**
 * An OpenFlow meter that drops what exceeds a packet rate (OFPMF_PKTPS | OFPMF_BURST |
 * OFPMF_STATS, one drop band): how a bridge holds one source of packet-ins to its share
 * before they reach the controller. Meters live per bridge, like flows; a flow uses one with
 * {@link Action.UseMeter}.
 *
 * @param id               the meter id on its bridge (1 .. {@link #MAX_ID})
 * @param packetsPerSecond the drop band's rate
 * @param burst            the drop band's burst size, in packets; at least 1 (Open vSwitch takes
 *                         0 as "the rate" and shows that, so 0 would never read back equal)
 */
public record Meter(long id, long packetsPerSecond, long burst) {
    /** OFPM_MAX: ids above are OpenFlow's virtual meters (slowpath, controller, all). */
    public static final long MAX_ID = 0xffff0000L;

    public Meter {
        if (id < 1 || id > MAX_ID) {
            throw new IllegalArgumentException("meter id out of range: " + id);
        }
        if (packetsPerSecond < 1 || packetsPerSecond > 0xffffffffL || burst < 1 || burst > 0xffffffffL) {
            throw new IllegalArgumentException("bad meter band: rate " + packetsPerSecond + " burst " + burst);
        }
    }

    /** As {@code ovs-ofctl -O OpenFlow13 dump-meters} prints it, on one line. */
    public String toOfctl() {
        return "meter=" + id + " pktps burst stats bands=type=drop rate=" + packetsPerSecond + " burst_size=" + burst;
    }
}
