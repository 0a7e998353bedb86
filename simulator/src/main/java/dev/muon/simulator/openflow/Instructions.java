package dev.muon.simulator.openflow;

import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import java.util.Arrays;

/**
 * A flow's instructions as wire bytes, interned: a thousand simulated nodes install mostly the
 * same flows, so equal instruction lists share one copy across every switch of the JVM.
 */
final class Instructions {
    private static final Interner<Instructions> INTERNER = Interners.newWeakInterner();

    private final byte[] bytes;
    private final int hash;

    private Instructions(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    static Instructions of(byte[] bytes) {
        return INTERNER.intern(new Instructions(bytes));
    }

    /** The bytes themselves (never modified by anyone). */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Instructions i && hash == i.hash && Arrays.equals(bytes, i.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
