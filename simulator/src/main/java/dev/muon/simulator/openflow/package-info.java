/**
 * The OpenFlow half of a simulated node: {@link dev.muon.simulator.openflow.SimulatedSwitch}, one
 * bridge as ovs-vswitchd presents it to its controller over OpenFlow 1.3/1.4.
 *
 * <p>What it shares with Open vSwitch, as SimulatedSwitchAgreesWithOvsIT (ofdriver) checks
 * through the controller's driver and below it: the flows it accepts and their dumps, byte for
 * byte (match normalised and kept in OVS's field order, instructions in OVS's order, actions in
 * the form OVS re-encodes them to); the flow-mods it refuses and with which error (match
 * prerequisites, masks and values; set_field, reg_load/move, dec_ttl, ct, nat and VLAN actions
 * against what the match establishes; goto_table forward only; meters that exist; output ports;
 * conjunctions alone; check_overlap); non-strict modify and delete, cookie masks, out_port;
 * bundles checked message by message, committed atomically, dropped when misused; meter-mods
 * and deleting a meter's flows with it.
 *
 * <p>What it leaves out: packets (packet-outs are checked, then dropped; no packet-ins, no
 * counters), groups, table features, flow monitors, idle and hard timeouts (neither kept nor
 * run), importance, learn's and other rarely used Nicira actions' own checks (they are accepted
 * as sent). Every switch of a JVM lives on one event loop of a shared group; equal matches and
 * instruction lists are stored once across all of them.
 */
package dev.muon.simulator.openflow;
