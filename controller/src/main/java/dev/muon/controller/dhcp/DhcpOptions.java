package dev.muon.controller.dhcp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.onlab.packet.DHCP;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.dhcp.DhcpOption;

/**
 * Builds the options of a reply, in the order they are added, ending with END. A value
 * longer than 255 bytes is split into consecutive options of the same code (RFC 3396),
 * which clients concatenate.
 */
final class DhcpOptions {
    static final int SUBNET_MASK = 1;
    static final int ROUTER = 3;
    static final int DNS_SERVERS = 6;
    static final int HOSTNAME = 12;
    static final int DOMAIN_NAME = 15;
    static final int INTERFACE_MTU = 26;
    static final int BROADCAST = 28;
    static final int REQUESTED_ADDRESS = 50;
    static final int LEASE_TIME = 51;
    static final int MESSAGE_TYPE = 53;
    static final int SERVER_ID = 54;
    static final int MESSAGE = 56;
    static final int RENEWAL_TIME = 58;
    static final int REBINDING_TIME = 59;
    static final int CLASSLESS_ROUTES = 121;
    static final int END = 255;

    private final List<DhcpOption> options = new ArrayList<>();

    DhcpOptions messageType(DHCP.MsgType type) {
        return bytes(MESSAGE_TYPE, new byte[] {(byte) type.getValue()});
    }

    DhcpOptions address(int code, Ip4Address address) {
        return address == null ? this : bytes(code, address.toOctets());
    }

    DhcpOptions addresses(int code, List<Ip4Address> addresses) {
        ByteBuffer b = ByteBuffer.allocate(4 * addresses.size());
        addresses.forEach(a -> b.put(a.toOctets()));
        return addresses.isEmpty() ? this : bytes(code, b.array());
    }

    DhcpOptions int32(int code, long value) {
        return bytes(code, ByteBuffer.allocate(4).putInt((int) value).array());
    }

    DhcpOptions int16(int code, int value) {
        return bytes(code, ByteBuffer.allocate(2).putShort((short) value).array());
    }

    DhcpOptions text(int code, String value) {
        return value == null || value.isEmpty() ? this : bytes(code, value.getBytes(StandardCharsets.US_ASCII));
    }

    DhcpOptions bytes(int code, byte[] value) {
        int at = 0;
        do {
            byte[] chunk = Arrays.copyOfRange(value, at, Math.min(value.length, at + 255));
            options.add(new DhcpOption().setCode((byte) code).setLength((byte) chunk.length).setData(chunk));
            at += 255;
        } while (at < value.length);
        return this;
    }

    List<DhcpOption> build() {
        List<DhcpOption> out = new ArrayList<>(options);
        out.add(new DhcpOption().setCode((byte) END));
        return out;
    }
}
