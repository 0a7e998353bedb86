package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Meter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBand;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBandDrop;

/**
 * {@link Meter} ⇄ OpenFlow 1.3/1.4 meters: a meter-mod with flags pktps, burst and stats
 * and one drop band, and back from a meter config entry.
 */
final class MeterMods {
    /** Stands for the rate of a meter Muon cannot represent: no meter Muon computes has it. */
    static final long UNREPRESENTABLE = 0xffffffffL;
    private static final Set<OFMeterFlags> FLAGS = EnumSet.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST, OFMeterFlags.STATS);

    private MeterMods() {
    }

    static OFMeterMod encode(OFFactory f, OFMeterModCommand command, Meter meter, long xid) {
        var b = f.buildMeterMod().setXid(xid).setCommand(command).setMeterId(meter.id());
        List<OFMeterBand> bands = List.of();
        b.setFlags(EnumSet.noneOf(OFMeterFlags.class));
        if (command != OFMeterModCommand.DELETE) {
            bands = List.of(f.meterBands().drop(meter.packetsPerSecond(), meter.burst()));
            b.setFlags(FLAGS);
        }
        // the bands field is "meters" in Loxi's 1.3 classes and "bands" in its 1.4 ones
        return (f.getVersion() == OFVersion.OF_13 ? b.setMeters(bands) : b.setBands(bands)).build();
    }

    static Meter decode(OFMeterConfig c) {
        List<OFMeterBand> bands = c.getEntries();
        boolean ours = c.getFlags().containsAll(EnumSet.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST))
                && !c.getFlags().contains(OFMeterFlags.KBPS)
                && bands.size() == 1 && bands.get(0) instanceof OFMeterBandDrop drop
                && drop.getRate() >= 1 && drop.getRate() < UNREPRESENTABLE;
        if (!ours) {
            return new Meter(c.getMeterId(), UNREPRESENTABLE, UNREPRESENTABLE);
        }
        OFMeterBandDrop drop = (OFMeterBandDrop) bands.get(0);
        return new Meter(c.getMeterId(), drop.getRate(), drop.getBurstSize());
    }
}
