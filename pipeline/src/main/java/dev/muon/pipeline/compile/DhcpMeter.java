package dev.muon.pipeline.compile;

import dev.muon.pipeline.flow.Meter;
import java.util.Optional;

/**
 * The rate at which one VIF's DHCP requests may reach the controller (issue 12): br-int
 * meters each VIF's DHCP-to-controller flow, so a port that floods DHCP is dropped in Open
 * vSwitch, beyond its share, and every other port is still answered.
 *
 * <p>A VIF's meter id is its ofport: stable across recompiles and controller restarts, unique
 * on the bridge, and within Open vSwitch's limit (ofports stop at 0xfeff; OVS 3.1's userspace
 * datapath takes meter ids up to 262144, see {@code ovs-ofctl meter-features}). Other users
 * of meters on br-int must take ids above {@link #LAST_ID}.
 *
 * @param packetsPerSecond per port; 0 turns the meters off (DHCP flows unmetered)
 * @param burst            packets a port may send at once above the rate (at least 1 when on)
 */
public record DhcpMeter(long packetsPerSecond, long burst) {
    public static final DhcpMeter DEFAULT = new DhcpMeter(100, 50);
    public static final DhcpMeter OFF = new DhcpMeter(0, 0);
    /** The highest ofport, so the highest DHCP meter id. */
    public static final long LAST_ID = 0xfeff;

    public DhcpMeter {
        if (packetsPerSecond < 0 || burst < 0 || packetsPerSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("bad DHCP meter rate or burst: " + packetsPerSecond + ", " + burst);
        }
    }

    /** The meter of the VIF on {@code ofport}, or empty when metering is off. */
    Optional<Meter> forPort(int ofport) {
        if (packetsPerSecond == 0) {
            return Optional.empty();
        }
        if (ofport < 1 || ofport > LAST_ID) {
            throw new IllegalArgumentException("not a VIF's ofport: " + ofport);
        }
        return Optional.of(new Meter(ofport, packetsPerSecond, burst));
    }
}
