/**
 * Simulated Open vSwitch nodes: enough of OpenFlow (a switch per bridge) and OVSDB (an
 * Open_vSwitch database that connects to its manager) to stand in for ovs-vswitchd and
 * ovsdb-server when a benchmark needs a thousand nodes on one machine. Checked against real
 * Open vSwitch by integration tests; never used in place of it in any other test.
 */
package dev.muon.simulator;
