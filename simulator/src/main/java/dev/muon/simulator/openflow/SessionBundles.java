package dev.muon.simulator.openflow;

import io.netty.buffer.ByteBuf;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFBundleFlags;

/**
 * The OpenFlow 1.4 bundles of one controller connection, as Open vSwitch keeps them: opened
 * explicitly or by a first add, each add checked at once (a refused message is answered with
 * its own xid and left out), committed atomically (on a failure the changes so far are undone,
 * the message's error is sent, and the commit fails with MSG_FAILED), and dropped when misused
 * (opened twice, added to after close, other flags). They go with the connection.
 */
final class SessionBundles {
    private static final Set<OFBundleFlags> KNOWN_BUNDLE_FLAGS = EnumSet.of(OFBundleFlags.ATOMIC, OFBundleFlags.ORDERED);

    private final SimulatedSwitch sw;
    /** Sends an error for an xid other than the request's (a bundled message that failed at commit). */
    private final BiConsumer<OfError, Long> errors;
    private final Map<Long, BundleBuffer> bundles = new HashMap<>();

    SessionBundles(SimulatedSwitch sw, BiConsumer<OfError, Long> errors) {
        this.sw = sw;
        this.errors = errors;
    }

    void clear() {
        bundles.clear();
    }

    /** A bundle control request: the reply's type, or an {@link OfError}. */
    OFBundleCtrlType control(OFBundleCtrlMsg m) {
        long id = m.getBundleId().getInt() & 0xffffffffL;
        int flags = bundleFlags(m.getFlags());
        BundleBuffer bundle = bundles.get(id);
        OFBundleCtrlType reply;
        switch (m.getBundleCtrlType()) {
            case OPEN_REQUEST -> {
                if (bundle != null) {
                    bundles.remove(id);
                    throw OfError.bundleBadId("bundle " + id + " is already open");
                }
                checkFlags(m.getFlags());
                bundles.put(id, new BundleBuffer(id, flags));
                reply = OFBundleCtrlType.OPEN_REPLY;
            }
            case CLOSE_REQUEST -> {
                existing(bundle, id);
                if (bundle.closed) {
                    bundles.remove(id); // OVS drops a bundle that is misused
                    throw OfError.bundleClosed("bundle " + id + " is already closed");
                }
                sameFlags(bundle, flags);
                bundle.closed = true;
                reply = OFBundleCtrlType.CLOSE_REPLY;
            }
            case COMMIT_REQUEST -> {
                existing(bundle, id);
                bundles.remove(id);
                sameFlags(bundle, flags);
                commit(bundle);
                reply = OFBundleCtrlType.COMMIT_REPLY;
            }
            case DISCARD_REQUEST -> {
                existing(bundle, id);
                bundles.remove(id);
                reply = OFBundleCtrlType.DISCARD_REPLY;
            }
            default -> throw OfError.bundleBadType("bundle control " + m.getBundleCtrlType());
        }
        return reply;
    }

    /**
     * Applies every flow-mod of the bundle or none: on a failure the changes so far are undone,
     * the failing message's error goes out with its xid, and the commit fails with MSG_FAILED.
     */
    private void commit(BundleBuffer bundle) {
        FlowUndo undo = new FlowUndo();
        long now = System.nanoTime();
        for (FlowMod fm : bundle.flowMods) {
            try {
                long meter = fm.instructions() == null ? 0 : fm.instructions().meterId();
                if (meter != 0 && !sw.meters().exists(meter)) {
                    throw OfError.invalidMeter("meter " + meter + " was deleted before the commit");
                }
                sw.flowTable().apply(fm, undo, now);
            } catch (OfError e) {
                undo.rollback(sw.flowTable());
                errors.accept(e, fm.xid());
                throw OfError.bundleMsgFailed("bundle " + bundle.id + " failed at xid " + fm.xid());
            }
        }
        if (!bundle.flowMods.isEmpty()) {
            sw.flowsChanged();
        }
    }

    /** BUNDLE_ADD: bundle id, pad, flags, then one whole message; a flow-mod is checked now. */
    void add(ByteBuf frame, long xid, int version) {
        int at = frame.readerIndex();
        int end = at + frame.getUnsignedShort(at + 2);
        if (end - at < 24) {
            throw OfError.badLen("bundle add of " + (end - at) + " bytes");
        }
        long id = frame.getUnsignedInt(at + 8);
        int flags = frame.getUnsignedShort(at + 14);
        ByteBuf inner = frame.slice(at + 16, end - at - 16);
        if (inner.getUnsignedByte(0) != version) {
            throw new OfError(OfError.BAD_REQUEST, 0, "inner message version " + inner.getUnsignedByte(0));
        }
        if (inner.getUnsignedShort(2) != inner.readableBytes()) {
            throw new OfError(OfError.BUNDLE_FAILED, 8, "inner message length");
        }
        if (inner.getUnsignedInt(4) != xid) {
            throw new OfError(OfError.BUNDLE_FAILED, 9, "inner xid differs from the bundle add's");
        }
        BundleBuffer bundle = bundles.get(id);
        if (bundle == null) { // OVS opens a bundle implicitly
            if ((flags & ~0x3) != 0) {
                throw OfError.bundleBadFlags("bundle flags " + flags);
            }
            bundle = new BundleBuffer(id, flags);
            bundles.put(id, bundle);
        } else if (bundle.closed) {
            bundles.remove(id); // OVS drops a bundle that is misused
            throw OfError.bundleClosed("bundle " + id + " is closed");
        } else {
            sameFlags(bundle, flags);
        }
        if (inner.getUnsignedByte(1) != OfType.FLOW_MOD) {
            throw OfError.bundleMsgUnsupported("message type " + inner.getUnsignedByte(1) + " in a bundle");
        }
        bundle.flowMods.add(FlowMod.parse(inner, sw.meters()::exists));
    }

    private static void existing(BundleBuffer bundle, long id) {
        if (bundle == null) {
            throw OfError.bundleBadId("no bundle " + id);
        }
    }

    private static void checkFlags(Set<OFBundleFlags> flags) {
        if (!KNOWN_BUNDLE_FLAGS.containsAll(flags)) {
            throw OfError.bundleBadFlags("bundle flags " + flags);
        }
    }

    /** Flags other than the bundle's: OVS drops the bundle. */
    private void sameFlags(BundleBuffer bundle, int flags) {
        if (bundle.flags != flags) {
            bundles.remove(bundle.id);
            throw OfError.bundleBadFlags("bundle flags " + flags + " differ from " + bundle.flags);
        }
    }

    private static int bundleFlags(Set<OFBundleFlags> flags) {
        return (flags.contains(OFBundleFlags.ATOMIC) ? 1 : 0) | (flags.contains(OFBundleFlags.ORDERED) ? 2 : 0);
    }
}
