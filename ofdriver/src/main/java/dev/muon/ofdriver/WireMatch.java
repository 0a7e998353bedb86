package dev.muon.ofdriver;

import com.google.common.hash.PrimitiveSink;
import com.google.common.io.BaseEncoding;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFValueType;

/**
 * An {@code ofp_match} Muon encoded itself (see {@link MatchConverter}), in the place of Loxi's
 * match inside a Loxi flow-mod: Loxi only asks a match to write itself. It is written as given
 * (type, length, OXMs) and padded to 8 bytes. Loxi's field accessors are not supported.
 */
final class WireMatch implements Match {
    private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();

    private final OFVersion version;
    private final byte[] bytes;

    /** {@code ofpMatch}: the wire match without its trailing padding. */
    WireMatch(OFVersion version, byte[] ofpMatch) {
        this.version = version;
        this.bytes = ofpMatch.clone();
    }

    /** The wire match without its trailing padding. */
    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeBytes(bytes);
        bb.writeZero((bytes.length + 7) / 8 * 8 - bytes.length);
    }

    @Override
    public OFVersion getVersion() {
        return version;
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putBytes(bytes);
    }

    @Override
    public Iterable<MatchField<?>> getMatchFields() {
        return List.of();
    }

    @Override
    public <F extends OFValueType<F>> F get(MatchField<F> field) {
        throw unsupported();
    }

    @Override
    public <F extends OFValueType<F>> Masked<F> getMasked(MatchField<F> field) {
        throw unsupported();
    }

    @Override
    public boolean supports(MatchField<?> field) {
        throw unsupported();
    }

    @Override
    public boolean supportsMasked(MatchField<?> field) {
        throw unsupported();
    }

    @Override
    public boolean isExact(MatchField<?> field) {
        throw unsupported();
    }

    @Override
    public boolean isFullyWildcarded(MatchField<?> field) {
        throw unsupported();
    }

    @Override
    public boolean isPartiallyMasked(MatchField<?> field) {
        throw unsupported();
    }

    @Override
    public Builder createBuilder() {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("a match encoded by Muon is only written; decode it with MatchConverter");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireMatch w && version == w.version && Arrays.equals(bytes, w.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "WireMatch(" + HEX.encode(bytes) + ")";
    }
}
