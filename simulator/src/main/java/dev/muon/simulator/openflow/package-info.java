/**
 * The OpenFlow half of a simulated node: {@link dev.muon.simulator.openflow.SimulatedSwitch}, one
 * bridge as ovs-vswitchd presents it to its controller over OpenFlow 1.3/1.4.
 *
 * <p>What it shares with Open vSwitch (SimulatedSwitchAgreesWithOvsIT in ofdriver compares the
 * two through the controller's driver): the flows it accepts and how they dump back (match
 * normalised and checked as OVS checks it, instructions in OVS's order), the flow-mods it
 * refuses and with which error (prerequisites of match fields, set_field, reg_load/move, dec_ttl,
 * ct and nat; goto_table forward only; meters that exist; output ports; conjunctions alone),
 * atomic bundles checked message by message, meter errors, deleting a meter's flows with it.
 *
 * <p>What it leaves out: packets (packet-outs are checked, then dropped; no packet-ins, no
 * counters), groups, table features, flow monitors, idle and hard timeouts (kept neither nor run),
 * learn's and other rarely used Nicira actions' own checks (they are accepted). Actions are
 * kept as sent: for every action the controller sends, OVS's re-encoding is the same bytes (the
 * comparison checks dumps byte for byte). Every switch of a JVM lives on one event loop of a
 * shared group; equal matches and instruction lists are stored once across all of them.
 */
package dev.muon.simulator.openflow;
