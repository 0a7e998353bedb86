package dev.muon.ofdriver;

import com.google.common.io.BaseEncoding;
import dev.muon.pipeline.flow.Match;
import java.util.Optional;

/**
 * A match read from a switch that {@link Match} cannot hold (a field outside the catalogue, a
 * mask a field's format cannot write, an OXM nobody knows). It is carried as a
 * {@link Match#foreign} match described as {@code ofp_match:<hex of the wire ofp_match>}: such a
 * match equals no match Muon computes, is distinct for distinct switch matches (so the
 * reconciler's diff keeps every such flow), and holds exactly the bytes a DELETE_STRICT must
 * repeat. The Flow stays self-contained, so it can be copied, stored and deleted later.
 */
final class RawMatch {
    static final String PREFIX = "ofp_match:";
    private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();

    private RawMatch() {
    }

    /** A {@link Match} standing for the given wire {@code ofp_match} (without trailing padding). */
    static Match of(byte[] ofpMatch) {
        return Match.foreign(PREFIX + HEX.encode(ofpMatch));
    }

    /** The wire bytes if {@code m} stands for a raw match. */
    static Optional<byte[]> bytes(Match m) {
        String s = m.foreign();
        if (s == null || !s.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(HEX.decode(s.substring(PREFIX.length())));
    }
}
