package dev.muon.controller.dhcp;

/**
 * Encodes a server's reply as the frame the packet-out carries: Ethernet, IPv4 (TTL 64, no
 * fragmentation), UDP 67 → 68 with its checksum, the BOOTP header and the options, padded to
 * BOOTP's 300 bytes (RFC 1542 2.1: some relays and clients drop shorter messages). Written into
 * one array, no object per layer.
 */
final class DhcpReplyFrame {
    private static final int ETH = 14;
    private static final int IP = 20;
    private static final int UDP = 8;
    private static final int BOOTP_FIXED = 236;
    private static final int BOOTP_MIN = 300;
    private static final byte TTL = 64;

    private DhcpReplyFrame() {
    }

    /**
     * @param siaddr  the next server (PXE's TFTP server), 0 for none
     * @param options the encoded options, END included ({@link DhcpOptions#encode})
     */
    static byte[] encode(byte[] srcMac, byte[] dstMac, int srcIp, int dstIp, DhcpRequest request, int ciaddr,
                         int yiaddr, int siaddr, byte[] options) {
        int bootp = Math.max(BOOTP_MIN, BOOTP_FIXED + 4 + options.length);
        byte[] f = new byte[ETH + IP + UDP + bootp];
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(srcMac, 0, f, 6, 6);
        put16(f, 12, 0x0800);
        int ip = ETH;
        f[ip] = 0x45;
        put16(f, ip + 2, IP + UDP + bootp);
        f[ip + 8] = TTL;
        f[ip + 9] = 17;
        put32(f, ip + 12, srcIp);
        put32(f, ip + 16, dstIp);
        put16(f, ip + 10, ~sum(f, ip, IP, 0) & 0xffff);
        int udp = ip + IP;
        put16(f, udp, DhcpServer.SERVER_PORT);
        put16(f, udp + 2, DhcpServer.CLIENT_PORT);
        put16(f, udp + 4, UDP + bootp);
        int b = udp + UDP;
        f[b] = 2;          // BOOTREPLY
        f[b + 1] = 1;      // Ethernet
        f[b + 2] = 6;
        put32(f, b + 4, request.xid());
        put16(f, b + 10, request.flags());
        put32(f, b + 12, ciaddr);
        put32(f, b + 16, yiaddr);
        put32(f, b + 20, siaddr);
        put32(f, b + 24, request.giaddr());
        if (request.chaddr() != null) {
            System.arraycopy(request.chaddr(), 0, f, b + 28, 6);
        }
        put32(f, b + BOOTP_FIXED, 0x63825363);
        System.arraycopy(options, 0, f, b + BOOTP_FIXED + 4, options.length);
        // pseudo header: addresses, protocol, UDP length; a computed 0 is sent as 0xffff
        int pseudo = sum(f, ip + 12, 8, 0) + 17 + UDP + bootp;
        int check = ~sum(f, udp, UDP + bootp, pseudo) & 0xffff;
        put16(f, udp + 6, check == 0 ? 0xffff : check);
        return f;
    }

    /** The ones' complement sum of {@code len} bytes from {@code at}, folded, plus {@code initial}. */
    private static int sum(byte[] f, int at, int len, int initial) {
        long s = initial;
        int i = at;
        for (; i + 1 < at + len; i += 2) {
            s += (f[i] & 0xff) << 8 | f[i + 1] & 0xff;
        }
        if (i < at + len) {
            s += (f[i] & 0xff) << 8;
        }
        while (s >>> 16 != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    private static void put16(byte[] f, int at, int v) {
        f[at] = (byte) (v >>> 8);
        f[at + 1] = (byte) v;
    }

    private static void put32(byte[] f, int at, int v) {
        f[at] = (byte) (v >>> 24);
        f[at + 1] = (byte) (v >>> 16);
        f[at + 2] = (byte) (v >>> 8);
        f[at + 3] = (byte) v;
    }
}
