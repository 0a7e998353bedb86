package dev.muon.controller.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.onlab.packet.DHCP;
import org.onlab.packet.Ip4Address;

/**
 * Builds the options of a reply as their wire bytes, in the order they are added, ending with
 * END. A value longer than 255 bytes is split into consecutive options of the same code
 * (RFC 3396), which clients concatenate.
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

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    DhcpOptions messageType(DHCP.MsgType type) {
        return bytes(MESSAGE_TYPE, new byte[] {(byte) type.getValue()});
    }

    DhcpOptions address(int code, Ip4Address address) {
        return address == null ? this : int32(code, address.toInt());
    }

    DhcpOptions addresses(int code, List<Ip4Address> addresses) {
        if (addresses.isEmpty()) {
            return this;
        }
        byte[] b = new byte[4 * addresses.size()];
        for (int i = 0; i < addresses.size(); i++) {
            int a = addresses.get(i).toInt();
            b[4 * i] = (byte) (a >>> 24);
            b[4 * i + 1] = (byte) (a >>> 16);
            b[4 * i + 2] = (byte) (a >>> 8);
            b[4 * i + 3] = (byte) a;
        }
        return bytes(code, b);
    }

    DhcpOptions int32(int code, long value) {
        out.write(code);
        out.write(4);
        out.write((int) (value >>> 24));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
        return this;
    }

    DhcpOptions int16(int code, int value) {
        out.write(code);
        out.write(2);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    DhcpOptions text(int code, String value) {
        return value == null || value.isEmpty() ? this : bytes(code, value.getBytes(StandardCharsets.US_ASCII));
    }

    DhcpOptions bytes(int code, byte[] value) {
        int at = 0;
        do {
            int len = Math.min(value.length - at, 255);
            out.write(code);
            out.write(len);
            out.write(value, at, len);
            at += 255;
        } while (at < value.length);
        return this;
    }

    /** The options so far, then END. */
    byte[] encode() {
        out.write(END);
        byte[] b = out.toByteArray();
        out.reset();
        out.write(b, 0, b.length - 1);
        return b;
    }
}
