package dev.muon.ofdriver;

/**
 * The switch answered a request with an OpenFlow ERROR message. The message names the
 * error type and code (as the OpenFlow spec does, e.g. {@code BAD_ACTION/BAD_OUT_PORT})
 * and, when known, the flow that caused it.
 */
public final class OpenFlowErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String errorType;
    private final String errorCode;
    private final long xid;

    public OpenFlowErrorException(String message, String errorType, String errorCode, long xid) {
        super(message);
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.xid = xid;
    }

    /** E.g. {@code BAD_ACTION}, or the number if the driver does not know the type. */
    public String errorType() {
        return errorType;
    }

    /** E.g. {@code BAD_OUT_PORT}, or the number if the driver does not know the code. */
    public String errorCode() {
        return errorCode;
    }

    /** The transaction id of the rejected message. */
    public long xid() {
        return xid;
    }

    /** The same error with a more specific message (e.g. naming the flow that caused it). */
    OpenFlowErrorException withMessage(String message) {
        return new OpenFlowErrorException(message, errorType, errorCode, xid);
    }
}
