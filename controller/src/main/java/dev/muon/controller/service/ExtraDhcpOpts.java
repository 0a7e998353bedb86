package dev.muon.controller.service;

import dev.muon.pipeline.model.ExtraDhcpOpt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Neutron's extradhcpopt_db: what a port's extra DHCP options become on create and update. An
 * option is one per (name, IP version); on update an option sent replaces the port's of the same
 * name and version, with a null value removes it, and the others stay. An option with a null
 * value is not stored.
 */
final class ExtraDhcpOpts {
    /** Per port: a DHCP reply must fit one frame, and what is stored per port stays bounded. */
    static final int MAX_OPTIONS = 32;

    private ExtraDhcpOpts() {
    }

    /** A new port's options: those sent with a value; the same name and version twice is refused. */
    static List<ExtraDhcpOpt> forCreate(List<ExtraDhcpOpt> requested) {
        if (requested == null) {
            return List.of();
        }
        refuseDuplicates(requested);
        return bounded(requested.stream().filter(o -> o.optValue() != null).toList());
    }

    /** The port's options with {@code requested} merged in; null or [] changes nothing, as in Neutron. */
    static List<ExtraDhcpOpt> merged(List<ExtraDhcpOpt> current, List<ExtraDhcpOpt> requested) {
        if (requested == null || requested.isEmpty()) {
            return current;
        }
        refuseDuplicates(requested);
        List<ExtraDhcpOpt> out = new ArrayList<>(current);
        for (ExtraDhcpOpt r : requested) {
            int at = indexOf(out, r);
            if (r.optValue() == null) {
                if (at >= 0) {
                    out.remove(at);
                }
            } else if (at >= 0) {
                out.set(at, r);
            } else {
                out.add(r);
            }
        }
        return bounded(List.copyOf(out));
    }

    private static List<ExtraDhcpOpt> bounded(List<ExtraDhcpOpt> opts) {
        if (opts.size() > MAX_OPTIONS) {
            throw ServiceErrors.invalidAttribute("extra_dhcp_opts", "A port has at most " + MAX_OPTIONS
                    + " extra DHCP options, not " + opts.size());
        }
        return opts;
    }

    private static int indexOf(List<ExtraDhcpOpt> opts, ExtraDhcpOpt o) {
        for (int i = 0; i < opts.size(); i++) {
            if (opts.get(i).optName().equals(o.optName()) && opts.get(i).ipVersion() == o.ipVersion()) {
                return i;
            }
        }
        return -1;
    }

    /** Neutron's table is unique on (port, name, version): a request naming one twice is ambiguous. */
    private static void refuseDuplicates(List<ExtraDhcpOpt> requested) {
        Set<String> seen = new HashSet<>();
        for (ExtraDhcpOpt o : requested) {
            if (!seen.add(o.ipVersion() + " " + o.optName())) {
                throw ServiceErrors.invalidAttribute("extra_dhcp_opts", "Duplicate option '" + o.optName()
                        + "' for IP version " + o.ipVersion());
            }
        }
    }
}
