/**
 * The OVSDB half of a simulated node: an Open_vSwitch database with the installed schema
 * ({@link dev.muon.simulator.ovsdb.Database}), served over JSON-RPC to the manager it dials
 * ({@link dev.muon.simulator.ovsdb.ManagerConnection}), and ovs-vswitchd's writes into it
 * ({@link dev.muon.simulator.ovsdb.VswitchdEmulation}).
 *
 * <p>What it does as ovsdb-server 8.3 does (SimulatedNodeAgreesWithOvsIT in the ovsdb module
 * compares it with the real one): list_dbs, get_schema, echo both ways (with the inactivity
 * probe), monitor and monitor_cancel with RFC 7047 updates; transact with insert (uuid-names,
 * forward references too), select, update, mutate, delete, wait (timeout 0), comment, commit,
 * abort; per-operation results and errors; at commit, reference checks, garbage collection of
 * unreferenced rows of non-root tables, weak references dropped, unique indexes, set sizes,
 * enums, integer ranges and maxRows.
 *
 * <p>What it does not: monitor_cond and monitor_cond_since (ovs-vsctl and ovsdb-client
 * monitor use them; Muon does not), locks, a blocking wait, _version, durability (it is all
 * in memory), and of ovs-vswitchd's columns only ofport, error, mac_in_use, link_state,
 * admin_state, Bridge.datapath_id and Open_vSwitch.cur_cfg (no Interface.status, statistics,
 * Controller/Manager is_connected).
 */
package dev.muon.simulator.ovsdb;
