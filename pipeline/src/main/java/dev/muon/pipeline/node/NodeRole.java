package dev.muon.pipeline.node;

import java.util.Locale;

/** compute nodes host VMs; network nodes also host centralized SNAT (later issues). */
public enum NodeRole {
    COMPUTE, NETWORK;

    public static NodeRole parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("muon-role must be compute or network, not '" + s + "'");
        }
    }
}
