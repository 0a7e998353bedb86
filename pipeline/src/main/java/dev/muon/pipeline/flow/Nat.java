package dev.muon.pipeline.flow;

/**
 * The nat clause of a ct action: source or destination translation to an address range and
 * an optional port range, or (with no kind) "apply the NAT this connection already has".
 * Rendered as ovs-ofctl prints it: {@code nat}, {@code nat(src=10.0.0.5)},
 * {@code nat(dst=10.0.0.5-10.0.0.9:80-90)}.
 */
public record Nat(Kind kind, String ipMin, String ipMax, Integer portMin, Integer portMax) {

    public enum Kind { SRC, DST }

    public Nat {
        if (kind == null && (ipMin != null || portMin != null)) {
            throw new IllegalArgumentException("a NAT address needs src or dst");
        }
        if (kind != null && ipMin == null) {
            throw new IllegalArgumentException("nat(" + kind + ") needs an address");
        }
        if (portMin != null && (portMin < 0 || portMin > 0xffff || (portMax != null && (portMax < portMin || portMax > 0xffff)))) {
            throw new IllegalArgumentException("bad NAT port range " + portMin + "-" + portMax);
        }
        if (ipMin != null) {
            Field.IPV4_SRC.format().canonical(Field.IPV4_SRC, ipMin);
        }
        if (ipMax != null) {
            Field.IPV4_SRC.format().canonical(Field.IPV4_SRC, ipMax);
        }
    }

    /** Re-apply the translation already recorded for the connection (reply direction, later packets). */
    public static Nat existing() {
        return new Nat(null, null, null, null, null);
    }

    public static Nat src(String ip) {
        return new Nat(Kind.SRC, ip, null, null, null);
    }

    public static Nat dst(String ip) {
        return new Nat(Kind.DST, ip, null, null, null);
    }

    public String toOfctl() {
        if (kind == null) {
            return "nat";
        }
        StringBuilder sb = new StringBuilder("nat(").append(kind == Kind.SRC ? "src=" : "dst=").append(ipMin);
        if (ipMax != null && !ipMax.equals(ipMin)) {
            sb.append('-').append(ipMax);
        }
        if (portMin != null) {
            sb.append(':').append(portMin);
            if (portMax != null && !portMax.equals(portMin)) {
                sb.append('-').append(portMax);
            }
        }
        return sb.append(')').toString();
    }
}
