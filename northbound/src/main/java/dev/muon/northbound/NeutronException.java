package dev.muon.northbound;

/**
 * A request Neutron would refuse, carried to the northbound which renders it as
 * {@code {"NeutronError": {"type", "message", "detail"}}} with {@link #status()}.
 * {@link #type()} is Neutron's exception class name (NetworkNotFound, IpAddressAlreadyAllocated, ...)
 * because clients and operators match on it.
 */
public final class NeutronException extends RuntimeException {
    private final int status;
    private final String type;

    public NeutronException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public static NeutronException badRequest(String message) {
        return new NeutronException(400, "HTTPBadRequest", message);
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

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
