package dev.muon.pipeline.flow;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How a field's value (and mask) is written, exactly as {@code ovs-ofctl} prints it: a
 * match or set_field built here reads back from Open vSwitch unchanged, so the reconciler's
 * diff never sees a difference that is only spelling. {@link #canonical} refuses any other
 * spelling when a flow is built; {@link #parse} and {@link #text} convert to and from bits
 * for the driver and the tracer.
 */
public enum FieldFormat {
    /** Decimal; never masked ({@code in_port=3}, {@code nw_proto=17}). */
    DEC,
    /** Decimal when exact, {@code 0xV/0xM} when masked ({@code tp_dst=80}, {@code tp_dst=0x50/0xfff0}). */
    DEC16,
    /** C's {@code %#x}: {@code 0x2}, {@code 0} for zero, {@code /0xM} when masked ({@code reg5=0x2}). */
    HEX,
    /** {@code 0x0800}: four hex digits (eth_type). */
    HEX4,
    /** Lower-case colon form, {@code /mask} when masked. */
    MAC,
    /** Dotted quad, {@code /len} for a prefix or {@code /a.b.c.d} for another mask. */
    IPV4,
    /** RFC 5952 form, {@code /len} for a prefix. */
    IPV6,
    /** {@code 5} (dl_vlan=5: tagged with VLAN 5) or {@code 0x0000/0x1fff} (vlan_tci: untagged). */
    VLAN,
    /** Conntrack state flags, masked: {@code +est+trk}, {@code -new+est-rel-inv+trk}. */
    CT_STATE;

    /** The untagged VLAN match, as ovs-ofctl prints it after {@code vlan_tci=}. */
    public static final String UNTAGGED = "0x0000/0x1fff";
    private static final String[] CT_FLAGS = {"new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"};
    /** ones(w) for every width a field has, computed once: they are compared on every conversion. */
    private static final BigInteger[] ONES = new BigInteger[129];
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    static {
        for (int w = 0; w <= 128; w++) {
            ONES[w] = BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE);
        }
    }

    /** A value with its mask (all ones of the field's width when exact). */
    public record Bits(BigInteger value, BigInteger mask) {
        public boolean exact(int width) {
            return mask.equals(ones(width));
        }
    }

    /**
     * Refuses {@code text} unless it is how ovs-ofctl would print this value of {@code field}:
     * in range, masked only where the field may be, no bits outside the mask, no all-ones or
     * all-zero mask.
     */
    public void canonical(Field field, String text) {
        if (text.indexOf('/') < 0 && fastCanonical(field, text)) {
            return;   // the common exact values, checked without building numbers
        }
        Bits b;
        try {
            b = parse(field, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + field.matchName() + " value '" + text + "': "
                    + e.getMessage(), e);
        }
        boolean exact = b.exact(field.bits());
        if (this != VLAN && !exact && !field.maskable()) {
            throw new IllegalArgumentException(field.matchName() + " cannot be masked: " + text);
        }
        if (!exact && b.mask().signum() == 0) {
            throw new IllegalArgumentException(field.matchName() + ": an all-zero mask matches anything; leave it out");
        }
        if (!b.value().and(b.mask()).equals(b.value())) {
            throw new IllegalArgumentException(field.matchName() + ": bits outside the mask: " + text);
        }
        String again = text(field, b);
        if (!again.equals(text)) {
            throw new IllegalArgumentException(field.matchName() + " '" + text + "' is not in ovs-ofctl form ('"
                    + again + "')");
        }
    }

    /** True when an exact {@code text} is plainly canonical (false means: check it the long way). */
    private boolean fastCanonical(Field field, String text) {
        return switch (this) {
            case DEC, DEC16 -> decimal(text) && (field.bits() >= 31 || Long.parseLong(text) < (1L << field.bits()));
            case VLAN -> decimal(text) && Integer.parseInt(text) <= 0xfff;
            case MAC -> lowerMac(text);
            case IPV4 -> dottedQuad(text);
            case HEX -> text.equals("0") || (lowerHex(text, 3) && text.length() <= 2 + (field.bits() + 3) / 4
                    && (text.length() < 2 + (field.bits() + 3) / 4 || field.bits() % 4 == 0 || text.charAt(2) < '2'));
            case HEX4 -> text.length() == 6 && lowerHex(text, 2);
            default -> false;
        };
    }

    private static boolean decimal(String t) {
        int n = t.length();
        if (n == 0 || n > 10 || (n > 1 && t.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(t) <= 0xffffffffL;
    }

    /** "0x" then lower-case hex digits, the first from index {@code first} on not a leading zero when first == 3. */
    private static boolean lowerHex(String t, int first) {
        if (t.length() < 3 || !t.startsWith("0x") || (first == 3 && t.charAt(2) == '0')) {
            return false;
        }
        for (int i = 2; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerMac(String t) {
        if (t.length() != 17) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = t.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Four decimal octets 0..255 without leading zeros, checked in place (no split, no regex). */
    private static boolean dottedQuad(String t) {
        int n = t.length();
        int octets = 0;
        int i = 0;
        while (i <= n) {
            int start = i;
            int value = 0;
            while (i < n && t.charAt(i) != '.') {
                char c = t.charAt(i);
                if (c < '0' || c > '9' || i - start >= 3) {
                    return false;
                }
                value = value * 10 + (c - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || (len > 1 && t.charAt(start) == '0') || value > 255) {
                return false;
            }
            octets++;
            i++;   // past the dot (or the end)
        }
        return octets == 4;
    }


    /** The bits {@code text} stands for. */
    public Bits parse(Field field, String text) {
        int width = field.bits();
        int slash = text.indexOf('/');
        String v = slash < 0 ? text : text.substring(0, slash);
        String m = slash < 0 ? null : text.substring(slash + 1);
        return switch (this) {
            case DEC -> {
                if (m != null) throw new IllegalArgumentException("not maskable");
                yield new Bits(number(v, 10, width), ones(width));
            }
            case DEC16, HEX, HEX4 -> new Bits(number(v, width), m == null ? ones(width) : number(m, width));
            case MAC -> new Bits(mac(v), m == null ? ones(48) : mac(m));
            case IPV4 -> new Bits(ipv4(v), m == null ? ones(32)
                    : m.contains(".") ? ipv4(m) : prefix(Integer.parseInt(m), 32));
            case IPV6 -> new Bits(ipv6(v), m == null ? ones(128) : prefix(Integer.parseInt(m), 128));
            case VLAN -> {
                if (text.equals(UNTAGGED)) {
                    yield new Bits(BigInteger.ZERO, BigInteger.valueOf(0x1fff));
                }
                BigInteger vid = number(v, 10, 12);
                if (m != null) throw new IllegalArgumentException("dl_vlan is not maskable");
                yield new Bits(vid.or(BigInteger.valueOf(0x1000)), BigInteger.valueOf(0x1fff));
            }
            case CT_STATE -> ctState(text);
        };
    }

    /** {@code b} written as ovs-ofctl prints it. */
    public String text(Field field, Bits b) {
        int width = field.bits();
        boolean exact = b.exact(width);
        BigInteger value = b.value();
        return switch (this) {
            case DEC -> value.toString();
            case DEC16 -> exact ? value.toString() : "0x" + value.toString(16) + "/0x" + b.mask().toString(16);
            case HEX -> hex(value) + (exact ? "" : "/" + hex(b.mask()));
            case HEX4 -> hex4(value.intValue()) + (exact ? "" : "/" + hex4(b.mask().intValue()));
            case MAC -> mac(value) + (exact ? "" : "/" + mac(b.mask()));
            case IPV4 -> ipv4(value) + (exact ? "" : "/" + (isPrefix(b.mask(), 32)
                    ? Integer.toString(b.mask().bitCount()) : ipv4(b.mask())));
            case IPV6 -> ipv6(value) + (exact ? "" : "/" + b.mask().bitCount());
            case VLAN -> value.testBit(12) ? Integer.toString(value.intValue() & 0xfff) : UNTAGGED;
            case CT_STATE -> ctStateText(value, b.mask());
        };
    }

    /** The canonical text of an exact value. */
    public String text(Field field, long value) {
        return text(field, new Bits(BigInteger.valueOf(value), ones(field.bits())));
    }

    public static BigInteger ones(int width) {
        return ONES[width];
    }

    private static BigInteger prefix(int len, int width) {
        if (len < 0 || len > width) {
            throw new IllegalArgumentException("bad prefix length /" + len);
        }
        return ones(len).shiftLeft(width - len);
    }

    private static boolean isPrefix(BigInteger mask, int width) {
        return mask.equals(prefix(mask.bitCount(), width));
    }

    private static String hex4(int v) {
        return new String(new char[] {'0', 'x', HEX_DIGITS[v >> 12 & 0xf], HEX_DIGITS[v >> 8 & 0xf],
            HEX_DIGITS[v >> 4 & 0xf], HEX_DIGITS[v & 0xf]});
    }

    private static String hex(BigInteger v) {
        return v.signum() == 0 ? "0" : "0x" + v.toString(16);
    }

    private static BigInteger number(String text, int width) {
        if (text.startsWith("0x")) {
            return number(text.substring(2), 16, width);
        }
        return number(text, 10, width);
    }

    private static BigInteger number(String text, int radix, int width) {
        BigInteger v;
        try {
            v = text.length() <= 15 ? BigInteger.valueOf(Long.parseLong(text, radix)) : new BigInteger(text, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
        if (v.signum() < 0 || v.bitLength() > width) {
            throw new IllegalArgumentException("out of range for " + width + " bits");
        }
        return v;
    }

    private static BigInteger mac(String text) {
        String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address");
        }
        long v = 0;
        for (String p : parts) {
            if (p.length() != 2) {
                throw new IllegalArgumentException("not a MAC address");
            }
            v = v << 8 | Integer.parseInt(p, 16);
        }
        return BigInteger.valueOf(v);
    }

    private static String mac(BigInteger v) {
        long l = v.longValue();
        char[] out = new char[17];
        for (int i = 0; i < 6; i++) {
            int octet = (int) (l >>> (8 * (5 - i))) & 0xff;
            out[3 * i] = HEX_DIGITS[octet >> 4];
            out[3 * i + 1] = HEX_DIGITS[octet & 0xf];
            if (i < 5) {
                out[3 * i + 2] = ':';
            }
        }
        return new String(out);
    }

    private static BigInteger ipv4(String text) {
        if (dottedQuad(text)) {
            long v = 0;
            int start = 0;
            for (int i = 0; i < 4; i++) {
                int dot = i < 3 ? text.indexOf('.', start) : text.length();
                v = v << 8 | Integer.parseInt(text, start, dot, 10);
                start = dot + 1;
            }
            return BigInteger.valueOf(v);
        }
        InetAddress a = inet(text);
        if (!(a instanceof Inet4Address)) {
            throw new IllegalArgumentException("not an IPv4 address");
        }
        return new BigInteger(1, a.getAddress());
    }

    private static String ipv4(BigInteger v) {
        long l = v.longValue();
        return ((l >>> 24) & 0xff) + "." + ((l >>> 16) & 0xff) + "." + ((l >>> 8) & 0xff) + "." + (l & 0xff);
    }

    private static BigInteger ipv6(String text) {
        InetAddress a = inet(text);
        if (!(a instanceof Inet6Address)) {
            throw new IllegalArgumentException("not an IPv6 address");
        }
        return new BigInteger(1, a.getAddress());
    }

    private static String ipv6(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] bytes = new byte[16];
        int n = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - n, bytes, 16 - n, n);
        try {
            // Inet6Address.getByAddress never turns ::ffff:a.b.c.d into an IPv4 address
            return InetAddresses.toAddrString(Inet6Address.getByAddress(null, bytes, null));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress inet(String text) {
        if (!InetAddresses.isInetAddress(text)) {
            throw new IllegalArgumentException("not an IP address");
        }
        return InetAddresses.forString(text);
    }

    private static Bits ctState(String text) {
        long value = 0;
        long mask = 0;
        int i = 0;
        while (i < text.length()) {
            char sign = text.charAt(i);
            if (sign != '+' && sign != '-') {
                throw new IllegalArgumentException("ct_state flags are written +flag or -flag");
            }
            int j = i + 1;
            while (j < text.length() && Character.isLetter(text.charAt(j))) {
                j++;
            }
            String name = text.substring(i + 1, j);
            int bit = java.util.Arrays.asList(CT_FLAGS).indexOf(name);
            if (bit < 0) {
                throw new IllegalArgumentException("unknown ct_state flag '" + name + "'");
            }
            mask |= 1L << bit;
            if (sign == '+') {
                value |= 1L << bit;
            }
            i = j;
        }
        if (mask == 0) {
            throw new IllegalArgumentException("no ct_state flags");
        }
        return new Bits(BigInteger.valueOf(value), BigInteger.valueOf(mask));
    }

    private static String ctStateText(BigInteger value, BigInteger mask) {
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < CT_FLAGS.length; bit++) {
            if (mask.testBit(bit)) {
                sb.append(value.testBit(bit) ? '+' : '-').append(CT_FLAGS[bit]);
            }
        }
        return sb.toString();
    }
}
