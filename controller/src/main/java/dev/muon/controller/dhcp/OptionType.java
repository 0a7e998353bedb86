package dev.muon.controller.dhcp;

import dev.muon.pipeline.model.HostRoute;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.onlab.packet.Ip4Address;

/**
 * How an option's value is written on the wire, from the text dnsmasq would be given for it
 * (Neutron hands extra_dhcp_opts to dnsmasq as {@code --dhcp-option} values): each encoding
 * throws IllegalArgumentException for text it cannot read.
 */
enum OptionType {
    /** One IPv4 address. */
    ADDRESS {
        @Override
        byte[] encode(String value) {
            List<String> items = items(value);
            if (items.size() != 1) {
                throw new IllegalArgumentException("one IPv4 address expected");
            }
            return ADDRESSES.encode(value);
        }
    },
    /** Comma-separated IPv4 addresses. */
    ADDRESSES {
        @Override
        byte[] encode(String value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String a : items(value)) {
                out.writeBytes(ipv4(a).toOctets());
            }
            return out.toByteArray();
        }
    },
    TEXT {
        @Override
        byte[] encode(String value) {
            String v = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                    ? value.substring(1, value.length() - 1) : value;
            return v.getBytes(StandardCharsets.US_ASCII);
        }
    },
    UINT8 {
        @Override
        byte[] encode(String value) {
            return unsigned(value, 1);
        }
    },
    UINT16 {
        @Override
        byte[] encode(String value) {
            return unsigned(value, 2);
        }
    },
    UINT32 {
        @Override
        byte[] encode(String value) {
            return unsigned(value, 4);
        }
    },
    /** dnsmasq's booleans: 0 or 1, one byte. */
    BOOLEAN {
        @Override
        byte[] encode(String value) {
            byte[] b = unsigned(value, 1);
            if (b[0] > 1) {
                throw new IllegalArgumentException("0 or 1 expected");
            }
            return b;
        }
    },
    /** Option 121 as dnsmasq writes it: destination/length,router,... (RFC 3442). */
    CLASSLESS_ROUTES {
        @Override
        byte[] encode(String value) {
            List<String> items = items(value);
            if (items.size() % 2 != 0) {
                throw new IllegalArgumentException("destination,router pairs expected");
            }
            List<HostRoute> routes = new ArrayList<>();
            for (int i = 0; i < items.size(); i += 2) {
                String dst = items.get(i).contains("/") ? items.get(i) : items.get(i) + "/32";
                ipv4(dst.substring(0, dst.indexOf('/')));
                routes.add(new HostRoute(dst, ipv4(items.get(i + 1)).toString()));
            }
            return ClasslessRoutes.encode(routes);
        }
    },
    /** Option 119: a list of domains, each in DNS label form (RFC 3397, without compression). */
    DOMAIN_LIST {
        @Override
        byte[] encode(String value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String domain : items(value)) {
                for (String label : domain.split("\\.")) {
                    if (label.isEmpty() || label.length() > 63) {
                        throw new IllegalArgumentException("bad domain " + domain);
                    }
                    out.write(label.length());
                    out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
                }
                out.write(0);
            }
            return out.toByteArray();
        }
    },
    /**
     * An option dnsmasq has no type for: its value read as dnsmasq guesses it, addresses,
     * a decimal number (in as few of 1, 2 or 4 bytes as hold it), hex bytes (01:02:0a) or text.
     */
    GUESSED {
        @Override
        byte[] encode(String value) {
            if (ADDRESS_LIST.matcher(value).matches()) {
                return ADDRESSES.encode(value);
            }
            if (DECIMAL.matcher(value).matches()) {
                long n = Long.parseLong(value);
                return unsigned(value, n > 0xffff ? 4 : n > 0xff ? 2 : 1);
            }
            if (HEX.matcher(value).matches()) {
                return HexFormat.of().parseHex(value.replace(":", ""));
            }
            return TEXT.encode(value);
        }
    };

    private static final Pattern ADDRESS_LIST =
            Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(\\s*,\\s*\\d{1,3}(\\.\\d{1,3}){3})*");
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,10}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})+");

    abstract byte[] encode(String value);

    private static List<String> items(String value) {
        List<String> items = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                items.add(s.trim());
            }
        }
        return items;
    }

    private static Ip4Address ipv4(String text) {
        if (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        return Ip4Address.valueOf(text);
    }

    private static byte[] unsigned(String value, int width) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number", e);
        }
        if (n < 0 || width < 8 && n >>> (8 * width) != 0) {
            throw new IllegalArgumentException(value + " does not fit " + width + " bytes");
        }
        byte[] b = new byte[width];
        for (int i = 0; i < width; i++) {
            b[i] = (byte) (n >>> (8 * (width - 1 - i)));
        }
        return b;
    }
}
