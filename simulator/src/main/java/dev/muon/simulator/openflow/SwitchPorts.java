package dev.muon.simulator.openflow;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * A bridge's ports, LOCAL included (Open vSwitch lists the bridge's internal port as LOCAL, named
 * after the bridge), described as OpenFlow port descriptions of the connection's version.
 */
final class SwitchPorts {
    static final int LOCAL = 0xfffffffe;
    /** OFP_MAX_PORT_NAME_LEN less the terminating NUL: OVS cuts longer names so in a port description. */
    private static final int MAX_NAME = 15;

    record Port(int ofport, String name, MacAddress mac) {
    }

    private final Map<Integer, Port> ports = new LinkedHashMap<>();

    SwitchPorts(String bridgeName, MacAddress bridgeMac) {
        ports.put(LOCAL, new Port(LOCAL, bridgeName, bridgeMac));
    }

    Port add(int ofport, String name, String mac) {
        Port p = new Port(ofport, name, MacAddress.of(mac));
        ports.put(ofport, p);
        return p;
    }

    boolean has(int ofport) {
        return ports.containsKey(ofport);
    }

    Port remove(int ofport) {
        return ports.remove(ofport);
    }

    List<OFPortDesc> descriptions(OFFactory f) {
        List<OFPortDesc> out = new ArrayList<>();
        ports.values().forEach(p -> out.add(description(f, p)));
        return out;
    }

    static OFPortDesc description(OFFactory f, Port p) {
        OFPortDesc.Builder b = f.buildPortDesc()
                .setPortNo(OFPort.of(p.ofport()))
                .setHwAddr(p.mac())
                .setName(p.name().length() > MAX_NAME ? p.name().substring(0, MAX_NAME) : p.name())
                .setState(EnumSet.of(OFPortState.LIVE));
        if (f.getVersion() == OFVersion.OF_14) {
            b.setProperties(List.of(f.buildPortDescPropEthernet().build()));
        }
        return b.build();
    }
}
