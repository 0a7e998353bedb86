package dev.muon.controller.dhcp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.onlab.packet.DHCP;
import org.onlab.packet.Ip4Address;

/**
 * Builds the options of a reply as their wire bytes, in the order they are added, ending with
 * END. A value longer than 255 bytes is split into consecutive options of the same code
 * (RFC 3396), which clients concatenate. Codes set aside with {@link #except} are not written
 * by the typed methods: a port's extra options replace them ({@link #extra}).
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

    private byte[] buf = new byte[128];
    private int size;
    private Set<Integer> excepted = Set.of();

    /** Options of these codes are left out unless written by {@link #extra}. */
    DhcpOptions except(Set<Integer> codes) {
        excepted = codes;
        return this;
    }

    /** An option whatever {@link #except} says: an extra option that replaces a default; empty writes none. */
    DhcpOptions extra(int code, byte[] value) {
        return value.length == 0 ? this : write(code, value);
    }

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
        if (excepted.contains(code)) {
            return this;
        }
        room(6);
        buf[size++] = (byte) code;
        buf[size++] = 4;
        buf[size++] = (byte) (value >>> 24);
        buf[size++] = (byte) (value >>> 16);
        buf[size++] = (byte) (value >>> 8);
        buf[size++] = (byte) value;
        return this;
    }

    DhcpOptions int16(int code, int value) {
        if (excepted.contains(code)) {
            return this;
        }
        room(4);
        buf[size++] = (byte) code;
        buf[size++] = 2;
        buf[size++] = (byte) (value >>> 8);
        buf[size++] = (byte) value;
        return this;
    }

    /** Options already encoded (e.g. by another builder's {@link #encodeWithoutEnd}). */
    DhcpOptions encoded(byte[] options) {
        room(options.length);
        System.arraycopy(options, 0, buf, size, options.length);
        size += options.length;
        return this;
    }

    DhcpOptions text(int code, String value) {
        return value == null || value.isEmpty() ? this : bytes(code, value.getBytes(StandardCharsets.US_ASCII));
    }

    DhcpOptions bytes(int code, byte[] value) {
        return excepted.contains(code) ? this : write(code, value);
    }

    private DhcpOptions write(int code, byte[] value) {
        int at = 0;
        do {
            int len = Math.min(value.length - at, 255);
            room(2 + len);
            buf[size++] = (byte) code;
            buf[size++] = (byte) len;
            System.arraycopy(value, at, buf, size, len);
            size += len;
            at += 255;
        } while (at < value.length);
        return this;
    }

    /** The options so far, then END. */
    byte[] encode() {
        byte[] b = Arrays.copyOf(buf, size + 1);
        b[size] = (byte) END;
        return b;
    }

    /** The options so far, to go into another reply's options. */
    byte[] encodeWithoutEnd() {
        return Arrays.copyOf(buf, size);
    }

    private void room(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
