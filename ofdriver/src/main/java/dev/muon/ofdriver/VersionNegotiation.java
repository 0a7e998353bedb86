package dev.muon.ofdriver;

import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

/**
 * HELLO version negotiation. Muon speaks OpenFlow 1.4 (atomic bundles) and 1.3 (flow-mods
 * and barriers); it announces both in a version bitmap and takes the highest version both
 * sides list, or, if the switch sends no bitmap, the lower of the two header versions.
 */
final class VersionNegotiation {
    static final OFVersion HIGHEST = OFVersion.OF_14;
    static final OFVersion LOWEST = OFVersion.OF_13;

    private VersionNegotiation() {
    }

    /** Our HELLO: header version 1.4, bitmap {1.3, 1.4}. */
    static OFHello hello(long xid) {
        OFFactory f = org.projectfloodlight.openflow.protocol.OFFactories.getFactory(HIGHEST);
        long bits = 0;
        for (OFVersion v : OFVersion.values()) {
            if (supported(v)) {
                bits |= 1L << v.getWireVersion();
            }
        }
        return f.buildHello().setXid(xid).setElements(List.of(f.helloElemVersionbitmap(List.of(U32.of(bits))))).build();
    }

    static Optional<OFVersion> negotiate(OFHello theirs) {
        List<U32> bitmap = bitmap(theirs);
        if (bitmap != null) {
            for (int i = OFVersion.values().length - 1; i >= 0; i--) {
                OFVersion v = OFVersion.values()[i];
                int wire = v.getWireVersion();
                if (supported(v) && wire / 32 < bitmap.size() && (bitmap.get(wire / 32).getValue() & (1L << (wire % 32))) != 0) {
                    return Optional.of(v);
                }
            }
            return Optional.empty();
        }
        OFVersion v = theirs.getVersion().compareTo(HIGHEST) > 0 ? HIGHEST : theirs.getVersion();
        return supported(v) ? Optional.of(v) : Optional.empty();
    }

    private static boolean supported(OFVersion v) {
        return v.compareTo(LOWEST) >= 0 && v.compareTo(HIGHEST) <= 0;
    }

    private static List<U32> bitmap(OFHello hello) {
        if (hello.getVersion() == OFVersion.OF_10) {
            return null; // OpenFlow 1.0 HELLOs have no elements
        }
        for (OFHelloElem e : hello.getElements()) {
            if (e instanceof OFHelloElemVersionbitmap b) {
                return b.getBitmaps();
            }
        }
        return null;
    }
}
