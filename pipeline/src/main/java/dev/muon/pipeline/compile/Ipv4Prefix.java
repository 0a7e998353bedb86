package dev.muon.pipeline.compile;

/** An IPv4 prefix as routing needs it: its length, and which addresses it holds. */
record Ipv4Prefix(long network, int length) {

    /** "10.0.0.0/24" (host bits ignored) or a bare address as a /32; null for anything that is not IPv4. */
    static Ipv4Prefix parse(String text) {
        if (text == null || text.indexOf(':') >= 0) {
            return null;
        }
        int slash = text.indexOf('/');
        int length = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
        long address = address(slash < 0 ? text : text.substring(0, slash));
        return new Ipv4Prefix(address & mask(length), length);
    }

    boolean contains(String ip) {
        Ipv4Prefix a = parse(ip);
        return a != null && (a.network & mask(length)) == network;
    }

    /** As ovs-ofctl prints a match on it: "10.0.0.0/24", a /32 as the bare address. */
    String text() {
        String a = dotted(network);
        return length == 32 ? a : a + "/" + length;
    }

    static long address(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        long v = 0;
        for (String p : parts) {
            v = v << 8 | Integer.parseInt(p);
        }
        return v;
    }

    static String dotted(long v) {
        return (v >> 24 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 8 & 0xff) + "." + (v & 0xff);
    }

    private static long mask(int length) {
        return length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
    }
}
