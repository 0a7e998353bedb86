package dev.muon.ofdriver;

/** A request could not be answered because the switch's connection is gone. */
public final class SwitchDisconnectedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SwitchDisconnectedException(long datapathId) {
        super(String.format("switch %016x is not connected", datapathId));
    }
}
