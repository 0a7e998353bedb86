package dev.muon.ofdriver;

/**
 * A controller's role on one switch connection (OpenFlow 1.3 §6.3.7). The switch refuses a
 * slave's flow-mods and sends it no packet-ins, so several controllers may stay connected to
 * every bridge while only the master programs it.
 */
public enum ControllerRole {
    MASTER,
    SLAVE,
    EQUAL
}
