package dev.muon.pipeline.trace;

import dev.muon.pipeline.flow.FieldFormat;
import dev.muon.pipeline.flow.Subfield;
import java.math.BigInteger;

/** Reading and writing bit ranges of a traced packet's fields, as load, move and output:REG do. */
final class Subfields {
    private Subfields() {
    }

    static BigInteger read(Subfield s, TracePacket p) {
        BigInteger v = p.value(s.field());
        if (v == null) {
            v = BigInteger.ZERO;   // OVS reads a field the packet lacks as 0
        }
        return v.shiftRight(s.start()).and(FieldFormat.ones(s.width()));
    }

    static void write(Subfield s, BigInteger bits, TracePacket p) {
        BigInteger old = p.value(s.field());
        if (old == null) {
            old = BigInteger.ZERO;
        }
        BigInteger mask = FieldFormat.ones(s.width()).shiftLeft(s.start());
        p.set(s.field(), old.andNot(mask).or(bits.and(FieldFormat.ones(s.width())).shiftLeft(s.start())));
    }
}
