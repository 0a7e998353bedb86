package dev.muon.ofdriver;

/** A request could not be answered because the switch's connection is gone. */
public final class SwitchDisconnectedException extends IllegalStateException {
    public SwitchDisconnectedException(long datapathId) {
        super(String.format("switch %016x is not connected", datapathId));
    }
}
