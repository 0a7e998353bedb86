package dev.muon.controller.dhcp;

import dev.muon.pipeline.model.ExtraDhcpOpt;
import dev.muon.pipeline.node.WarningThrottle;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.onlab.packet.Ip4Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A port's IPv4 extra_dhcp_opts as the options they put in its replies, each replacing the
 * option of the same code the server would send (a blank value: sending none, as Neutron allows
 * for router and classless-static-route), and the next server (server-ip-address, BOOTP's
 * siaddr). What DHCP cannot carry is left out and logged: an unknown name, a value of the wrong
 * form, an option tagged for a class of clients ("tag:..."), the client-id Neutron matches on,
 * and the options the protocol itself owns (message type, server identifier, lease times).
 *
 * @param byCode     the options' encoded values in the order given, an empty value for "send none"
 * @param nextServer siaddr, 0 for none
 */
record ExtraOptions(Map<Integer, byte[]> byCode, int nextServer) {
    static final ExtraOptions NONE = new ExtraOptions(Map.of(), 0);
    private static final Logger LOG = LoggerFactory.getLogger(ExtraOptions.class);
    /** Requested address, lease time, overload, message type, server id, parameter list, size, T1, T2, client id. */
    private static final Set<Integer> PROTOCOL = Set.of(50, 51, 52, 53, 54, 55, 57, 58, 59, 61);
    /**
     * Bytes of extra options a reply may carry: a reply must fit one 1500-byte frame (1232 bytes of
     * options after the IP, UDP and BOOTP headers) beside the server's own options.
     */
    static final int BUDGET = 800;
    /** Options are set by tenants: what cannot be served is logged at most once a minute. */
    private static final WarningThrottle WARNINGS = new WarningThrottle(1, TimeUnit.MINUTES);

    static ExtraOptions of(String portId, List<ExtraDhcpOpt> opts) {
        if (opts.isEmpty()) {
            return NONE;
        }
        Map<Integer, byte[]> byCode = new LinkedHashMap<>();
        int nextServer = 0;
        int used = 0;
        for (ExtraDhcpOpt o : opts) {
            if (o.ipVersion() != 4) {
                continue;   // for DHCPv6, which this server does not speak
            }
            Optional<OptionCatalog.Option> option = o.optName().startsWith("tag:") ? Optional.empty()
                    : OptionCatalog.find(o.optName());
            if (option.isEmpty() || PROTOCOL.contains(option.get().code())) {
                warn("port {}: extra DHCP option '{}' is not served: {}", portId, o.optName(), "unknown or reserved");
                continue;
            }
            int code = option.get().code();
            try {
                if (code == OptionCatalog.NEXT_SERVER) {
                    nextServer = o.optValue().isBlank() ? 0 : Ip4Address.valueOf(o.optValue().trim()).toInt();
                } else {
                    byte[] value = o.optValue().isBlank() ? new byte[0] : option.get().type().encode(o.optValue());
                    if (used + 2 + value.length > BUDGET) {
                        warn("port {}: extra DHCP option '{}' is not served: {}", portId, o.optName(),
                                "the reply would not fit one frame");
                        continue;
                    }
                    used += 2 + value.length;
                    byCode.put(code, value);
                }
            } catch (IllegalArgumentException e) {
                warn("port {}: extra DHCP option '{}' is not served: {}", portId, o.optName(), e.getMessage());
            }
        }
        return new ExtraOptions(Collections.unmodifiableMap(byCode), nextServer);
    }

    private static void warn(String format, String portId, String name, String reason) {
        long held = WARNINGS.admit();
        if (held >= 0) {
            LOG.warn(format + (held > 0 ? " (" + held + " more such warnings held back)" : ""), portId, name, reason);
        }
    }
}
