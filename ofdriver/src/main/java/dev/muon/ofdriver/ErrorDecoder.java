package dev.muon.ofdriver;

import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;

/** OpenFlow ERROR messages → {@link OpenFlowErrorException}, named as in the spec where Loxi knows the names. */
final class ErrorDecoder {
    static final int ERROR = 1;

    private ErrorDecoder() {
    }

    static OpenFlowErrorException decode(OFErrorMsg msg) {
        String type = msg.getErrType().toString();
        String code = code(msg);
        return new OpenFlowErrorException(type + "/" + code, type, code, msg.getXid());
    }

    /** For an ERROR Loxi cannot parse (an unknown code): the numbers. */
    static OpenFlowErrorException decodeRaw(ByteBuf frame) {
        int at = frame.readerIndex();
        String type = Integer.toString(frame.getUnsignedShort(at + 8));
        String code = Integer.toString(frame.getUnsignedShort(at + 10));
        return new OpenFlowErrorException("error type " + type + " code " + code, type, code, frame.getUnsignedInt(at + 4));
    }

    /**
     * Every Loxi error message interface (OFBadActionErrorMsg, ...) has getCode() returning
     * its own enum; asked through the public interface, as the implementations are not public.
     * Experimenter errors have no code: their description is used.
     */
    private static String code(OFErrorMsg msg) {
        for (Class<?> iface : msg.getClass().getInterfaces()) {
            try {
                return String.valueOf(iface.getMethod("getCode").invoke(msg));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not this interface
            }
        }
        return msg.toString();
    }
}
