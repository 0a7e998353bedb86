package dev.muon.controller.dhcp;

import java.util.Optional;

/**
 * A client's DHCP message read straight from the packet-in's frame (Ethernet, IPv4, UDP to port
 * 67, BOOTP, options): only what the server decides on, with no object per layer or option, since
 * every request of every VM passes here (issue 12: 20k a second).
 *
 * @param type      option 53's value, 0 if absent
 * @param chaddr    the client's hardware address, or null unless it is a 6-byte MAC
 * @param requested option 50 (requested address), 0 if absent
 * @param serverId  option 54 (server identifier), 0 if absent
 */
record DhcpRequest(int op, int type, int xid, short flags, int ciaddr, int giaddr, byte[] chaddr,
                   int requested, int serverId) {
    static final int BOOTREQUEST = 1;
    private static final int ETH_HEADER = 14;
    private static final int UDP_HEADER = 8;
    private static final int BOOTP_FIXED = 236;
    private static final int MAGIC_COOKIE = 0x63825363;

    /** The DHCP message of a frame to UDP port 67 over IPv4, or empty for anything else or a malformed one. */
    static Optional<DhcpRequest> parse(byte[] f) {
        if (f.length < ETH_HEADER + 20 || u16(f, 12) != 0x0800 || (f[ETH_HEADER] & 0xf0) != 0x40
                || (f[ETH_HEADER + 9] & 0xff) != 17) {
            return Optional.empty();
        }
        int ihl = f[ETH_HEADER] & 0x0f;
        if (ihl < 5) {
            return Optional.empty();   // an IPv4 header is at least 20 bytes; less is a forged frame
        }
        int udp = ETH_HEADER + ihl * 4;
        int end = Math.min(f.length, ETH_HEADER + u16(f, ETH_HEADER + 2));
        int b = udp + UDP_HEADER;
        if (b + BOOTP_FIXED + 4 > end || u16(f, udp + 2) != DhcpServer.SERVER_PORT || s32(f, b + BOOTP_FIXED) != MAGIC_COOKIE) {
            return Optional.empty();
        }
        byte[] chaddr = null;
        if ((f[b + 2] & 0xff) == 6) {
            chaddr = new byte[6];
            System.arraycopy(f, b + 28, chaddr, 0, 6);
        }
        int type = 0;
        int requested = 0;
        int serverId = 0;
        int p = b + BOOTP_FIXED + 4;
        while (p < end) {
            int code = f[p] & 0xff;
            if (code == DhcpOptions.END) {
                break;
            }
            if (code == 0) {   // pad
                p++;
                continue;
            }
            if (p + 1 >= end) {
                return Optional.empty();
            }
            int len = f[p + 1] & 0xff;
            int v = p + 2;
            if (v + len > end) {
                return Optional.empty();
            }
            if (code == DhcpOptions.MESSAGE_TYPE && len == 1) {
                type = f[v] & 0xff;
            } else if (code == DhcpOptions.REQUESTED_ADDRESS && len == 4) {
                requested = s32(f, v);
            } else if (code == DhcpOptions.SERVER_ID && len == 4) {
                serverId = s32(f, v);
            }
            p = v + len;
        }
        return Optional.of(new DhcpRequest(f[b] & 0xff, type, s32(f, b + 4), (short) u16(f, b + 10), s32(f, b + 12),
                s32(f, b + 24), chaddr, requested, serverId));
    }

    private static int u16(byte[] f, int at) {
        return (f[at] & 0xff) << 8 | f[at + 1] & 0xff;
    }

    private static int s32(byte[] f, int at) {
        return (f[at] & 0xff) << 24 | (f[at + 1] & 0xff) << 16 | (f[at + 2] & 0xff) << 8 | f[at + 3] & 0xff;
    }
}
