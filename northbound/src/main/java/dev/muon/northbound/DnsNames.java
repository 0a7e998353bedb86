package dev.muon.northbound;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * neutron-lib's DNS validators: a port's dns_name is a host name (a PQDN, or an FQDN ending in
 * "."), a dns_domain an FQDN ending in "."; each label 1-63 of a-z, 0-9 and "-", not starting or
 * ending with "-", an FQDN's last label not all digits, at most 255 characters. Values are lower
 * case (convert_string_to_case_insensitive); "" means none.
 */
public final class DnsNames {
    /** Neutron's FQDN_FIELD_SIZE. */
    static final int MAX_LENGTH = 255;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9-]{1,63}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private DnsNames() {
    }

    /** A port's dns_name, lower case. */
    static String hostName(String attribute, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        String reason = formatProblem(v);
        if (reason != null) {
            throw invalid(attribute, v, reason);
        }
        return v;
    }

    /** A network's or port's dns_domain, lower case. */
    static String domain(String attribute, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return v;
        }
        if (!v.endsWith(".")) {
            throw NeutronException.badRequest("Invalid input for " + attribute + ". Reason: '" + Excerpt.of(v)
                    + "' is not a FQDN.");
        }
        String reason = formatProblem(v);
        if (reason != null) {
            throw invalid(attribute, v, reason);
        }
        if (v.length() > MAX_LENGTH - 2) {
            throw NeutronException.badRequest("Invalid input for " + attribute + ". Reason: '" + Excerpt.of(v)
                    + "' contains " + v.length() + " characters. Adding a sub-domain will cause it to exceed the "
                    + "maximum length of a FQDN of '" + MAX_LENGTH + "'.");
        }
        return v;
    }

    /** {@code domain} as an FQDN with its trailing dot, or "" (Neutron's _get_dns_domain). */
    public static String absolute(String domain) {
        if (domain == null || domain.isEmpty()) {
            return "";
        }
        return domain.endsWith(".") ? domain : domain + ".";
    }

    private static String formatProblem(String v) {
        if (v.isEmpty()) {
            return null;
        }
        String trimmed = v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
        if (trimmed.length() > MAX_LENGTH) {
            return "'" + Excerpt.of(trimmed) + "' exceeds the " + MAX_LENGTH + " character FQDN limit";
        }
        String[] labels = trimmed.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return "Encountered an empty component";
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "Name '" + Excerpt.of(label) + "' must not start or end with a hyphen";
            }
            if (!LABEL.matcher(label).matches()) {
                return "Name '" + Excerpt.of(label) + "' must be 1-63 characters long, each of which can only be "
                        + "alphanumeric or a hyphen";
            }
        }
        if (labels.length > 1 && DIGITS.matcher(labels[labels.length - 1]).matches()) {
            return "TLD '" + labels[labels.length - 1] + "' must not be all numeric";
        }
        return null;
    }

    private static NeutronException invalid(String attribute, String value, String reason) {
        return NeutronException.badRequest("Invalid input for " + attribute + ". Reason: '" + Excerpt.of(value)
                + "' not a valid PQDN or FQDN. Reason: " + reason + ".");
    }
}
