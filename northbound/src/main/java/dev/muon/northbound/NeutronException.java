package dev.muon.northbound;

import java.util.Collection;

/**
 * A request Neutron would refuse, carried to the northbound which renders it as
 * {@code {"NeutronError": {"type", "message", "detail"}}} with {@link #status()}.
 * {@link #type()} is Neutron's exception class name (NetworkNotFound, IpAddressAlreadyAllocated, ...)
 * because clients and operators match on it.
 */
public final class NeutronException extends RuntimeException {
    /** No message is longer: a safety net behind {@link Excerpt} where a message quotes a client's value. */
    static final int MAX_MESSAGE = 1000;

    private final int status;
    private final String type;

    public NeutronException(int status, String type, String message) {
        super(bounded(message));
        this.status = status;
        this.type = type;
    }

    public static NeutronException badRequest(String message) {
        return new NeutronException(400, "HTTPBadRequest", message);
    }

    /** Neutron's BadRequest: "Bad &lt;resource&gt; request: &lt;msg&gt;." */
    public static NeutronException badResourceRequest(String resource, String message) {
        return new NeutronException(400, "BadRequest", "Bad " + resource + " request: " + message + ".");
    }

    /** Neutron's InvalidInput: the request is well-formed but its values make no sense. */
    public static NeutronException invalidInput(String reason) {
        return new NeutronException(400, "InvalidInput", "Invalid input for operation: " + reason + ".");
    }

    public static NeutronException notFound(String type, String message) {
        return new NeutronException(404, type, message);
    }

    public static NeutronException conflict(String type, String message) {
        return new NeutronException(409, type, message);
    }

    /** 403 for a caller the default policy refuses {@code action} (e.g. "update_network"). */
    public static NeutronException policy(String action) {
        return new NeutronException(403, "PolicyNotAuthorized", "rule:" + action + " is disallowed by policy");
    }

    /** 403 for admin-only attributes in a request, named as oslo.policy names the failed rule. */
    public static NeutronException policy(String action, Collection<String> attributes) {
        StringBuilder rule = new StringBuilder("(rule:").append(action);
        attributes.forEach(a -> rule.append(" and rule:").append(action).append(':').append(a));
        return new NeutronException(403, "PolicyNotAuthorized", rule.append(") is disallowed by policy").toString());
    }

    /** 503 for a request that could not be served now but may be later (the model database is unavailable). */
    public static NeutronException serviceUnavailable(String message) {
        return new NeutronException(503, "ServiceUnavailable", message);
    }

    private static String bounded(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message
                : message.substring(0, MAX_MESSAGE) + "...";
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
