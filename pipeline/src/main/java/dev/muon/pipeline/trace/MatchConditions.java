package dev.muon.pipeline.trace;

import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FieldFormat;
import dev.muon.pipeline.flow.Match;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matching as one loop over the field catalogue: a packet matches when, for every field of
 * the match, its bits under the mask equal the value. Each match is turned into bits once.
 */
final class MatchConditions {
    /** One field of a match as bits. */
    private record Condition(Field field, BigInteger value, BigInteger mask) {
    }

    private final Map<Match, List<Condition>> cache = new HashMap<>();

    boolean matches(Match m, TracePacket p) {
        for (Condition c : cache.computeIfAbsent(m, MatchConditions::conditions)) {
            BigInteger have = p.value(c.field());
            if (have == null || !have.and(c.mask()).equals(c.value())) {
                return false;
            }
        }
        return true;
    }

    private static List<Condition> conditions(Match m) {
        List<Condition> cs = new ArrayList<>();
        for (Map.Entry<Field, String> e : m.entries().entrySet()) {
            Field f = e.getKey();
            FieldFormat.Bits b = f.format().parse(f, e.getValue());
            cs.add(new Condition(f, b.value().and(b.mask()), b.mask()));
        }
        return cs;
    }
}
