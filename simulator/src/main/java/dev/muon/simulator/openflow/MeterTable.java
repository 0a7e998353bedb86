package dev.muon.simulator.openflow;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBand;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBandDrop;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBandDscpRemark;

/**
 * A bridge's meters as the userspace datapath keeps them: add, modify and delete with Open
 * vSwitch's errors (an existing id on add, an unknown one on modify, an id outside
 * 1..OFPM_MAX, no bands or a zero rate, the datapath full); deleting an unknown id is no error. Deleting a meter also deletes the flows that use it, as OVS does.
 */
final class MeterTable {
    /** OFPM_MAX: Open vSwitch maps any id up to it onto its datapath's meters. */
    static final long MAX_ID = 0xffff0000L;
    /** How many meters the userspace datapath holds (its MAX_METERS), as the meter features say. */
    static final long CAPACITY = 1 << 18;
    static final long ALL = 0xffffffffL;

    record Meter(long id, Set<OFMeterFlags> flags, List<OFMeterBand> bands) {
    }

    private final Map<Long, Meter> meters = new TreeMap<>();

    boolean exists(long id) {
        return meters.containsKey(id);
    }

    int size() {
        return meters.size();
    }

    Iterable<Meter> all() {
        return meters.values();
    }

    Meter get(long id) {
        return meters.get(id);
    }

    /** Applies the meter-mod; {@code flows} loses the flows of a deleted meter. */
    void apply(OFMeterMod mod, FlowTable flows) {
        long id = mod.getMeterId();
        OFMeterModCommand command = mod.getCommand();
        if (command == OFMeterModCommand.DELETE) {
            if (id == ALL) {
                for (Long m : List.copyOf(meters.keySet())) {
                    delete(m, flows);
                }
            } else {
                delete(id, flows);
            }
            return;
        }
        if (id < 1 || id > MAX_ID) {
            throw OfError.invalidMeter("meter id " + id);
        }
        List<OFMeterBand> bands = mod.getVersion() == OFVersion.OF_13 ? mod.getMeters() : mod.getBands();
        Set<OFMeterFlags> flags = mod.getFlags().isEmpty() ? EnumSet.noneOf(OFMeterFlags.class) : EnumSet.copyOf(mod.getFlags());
        if (bands.isEmpty()) {
            throw OfError.badBand("a meter needs a band");
        }
        for (OFMeterBand band : bands) {
            long rate = band instanceof OFMeterBandDrop d ? d.getRate()
                    : band instanceof OFMeterBandDscpRemark r ? r.getRate() : -1;
            if (rate < 0) {
                throw OfError.badBand("band " + band);
            }
            if (rate == 0) {
                throw OfError.badRate("rate 0");
            }
        }
        if (command == OFMeterModCommand.ADD) {
            if (meters.containsKey(id)) {
                throw OfError.meterExists("meter " + id + " exists");
            }
            if (meters.size() >= CAPACITY) {
                throw new OfError(OfError.METER_MOD_FAILED, 10, "out of meters");
            }
        } else if (!meters.containsKey(id)) {
            throw OfError.unknownMeter("meter " + id + " does not exist");
        }
        meters.put(id, new Meter(id, flags, List.copyOf(bands)));
    }

    private void delete(long id, FlowTable flows) {
        if (meters.remove(id) != null) {
            flows.removeUsingMeter(id);
        }
    }
}
