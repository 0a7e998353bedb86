package dev.muon.pipeline.flow;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One OpenFlow action or instruction, rendered as ovs-ofctl prints it. An empty action
 * list means drop. Field values follow the field catalogue ({@link Field}, {@link FieldFormat}),
 * so an action reads back from Open vSwitch equal to what was written.
 */
public sealed interface Action {

    String toOfctl();

    /** output:N; a reserved port by its name, as ovs-ofctl prints it ({@code LOCAL}, {@code FLOOD}). */
    record Output(int port) implements Action {
        private static final String[] RESERVED = {"IN_PORT", "TABLE", "NORMAL", "FLOOD", "ALL", "CONTROLLER", "LOCAL", "ANY"};

        public String toOfctl() {
            int reserved = port - 0xfffffff8;
            return reserved >= 0 && reserved < RESERVED.length ? RESERVED[reserved] : "output:" + Integer.toUnsignedString(port);
        }
    }

    /** output:NXM_NX_REGn[..]: out of the port a register holds (the pipeline's chosen out port). */
    record OutputReg(Subfield port) implements Action {
        public String toOfctl() { return "output:" + port.toOfctl(); }
    }

    /** IN_PORT: send back where the packet came from. */
    record InPort() implements Action {
        public String toOfctl() { return "IN_PORT"; }
    }

    /** NORMAL: the bridge's L2 learning switch. */
    record Normal() implements Action {
        public String toOfctl() { return "NORMAL"; }
    }

    /** CONTROLLER:maxLen, a plain packet-in to Muon. */
    record Controller(int maxLen) implements Action {
        public String toOfctl() { return "CONTROLLER:" + maxLen; }
    }

    /**
     * A packet-in with a reason and opaque userdata (Nicira's controller2): tells the controller
     * which service the packet is for, e.g. ICMP time exceeded for a router interface.
     *
     * @param reason   ovs-ofctl's reason name ({@code no_match}, {@code action}, {@code invalid_ttl})
     * @param userdata bytes as ovs-ofctl prints them, {@code 01.02.0a}, or empty
     */
    record ControllerWithData(int maxLen, String reason, String userdata) implements Action {
        public ControllerWithData {
            if (!userdata.isEmpty() && !userdata.matches("[0-9a-f]{2}(\\.[0-9a-f]{2})*")) {
                throw new IllegalArgumentException("userdata must be hex bytes separated by dots: " + userdata);
            }
        }

        /** As ovs-ofctl prints it: what is the default (reason action, max_len 65535) is left out. */
        public String toOfctl() {
            if (reason.equals("action") && userdata.isEmpty()) {
                return "CONTROLLER:" + maxLen;
            }
            List<String> args = new java.util.ArrayList<>();
            if (!reason.equals("action")) args.add("reason=" + reason);
            if (maxLen != 0xffff) args.add("max_len=" + maxLen);
            if (!userdata.isEmpty()) args.add("userdata=" + userdata);
            return "controller(" + String.join(",", args) + ")";
        }
    }

    /**
     * meter:N, an instruction: the packet passes meter N of the bridge (dropped beyond its
     * rate) before the actions run; always first, as Open vSwitch prints it.
     */
    record UseMeter(long meterId) implements Action {
        public UseMeter {
            if (meterId < 1 || meterId > Meter.MAX_ID) {
                throw new IllegalArgumentException("meter id out of range: " + meterId);
            }
        }

        public String toOfctl() { return "meter:" + meterId; }
    }

    /** goto_table:N, an instruction; always last, and only forward. */
    record GotoTable(int table) implements Action {
        public String toOfctl() { return "goto_table:" + table; }
    }

    /** resubmit(,N): run table N now and come back; may go back, unlike goto_table. */
    record Resubmit(int table) implements Action {
        public String toOfctl() { return "resubmit(," + table + ")"; }
    }

    /** push_vlan:0x8100 */
    record PushVlan() implements Action {
        public String toOfctl() { return "push_vlan:0x8100"; }
    }

    /** pop_vlan (Neutron's strip_vlan). */
    record PopVlan() implements Action {
        public String toOfctl() { return "pop_vlan"; }
    }

    /** set_field:(4096|vid)->vlan_vid, as ovs-ofctl prints an OpenFlow 1.3 VLAN set. */
    record SetVlanVid(int vid) implements Action {
        public String toOfctl() { return "set_field:" + (4096 | vid) + "->vlan_vid"; }
    }

    /** set_field:0xVNI->tun_id */
    record SetTunnelId(long tunId) implements Action {
        public String toOfctl() { return "set_field:" + (tunId == 0 ? "0" : "0x" + Long.toHexString(tunId)) + "->tun_id"; }
    }

    /**
     * set_field:VALUE->FIELD on a whole field; the value in its catalogue form (a MAC, an
     * IPv4 address, a decimal or {@code 0x} hex number as the field's format says).
     */
    record SetField(Field field, String value) implements Action {
        public SetField {
            if (value.indexOf('/') >= 0) {
                throw new IllegalArgumentException("set_field of part of a field: use Load (" + value + ")");
            }
            requireWritable(field);
            field.format().canonical(field, value);
        }

        public String toOfctl() { return "set_field:" + value + "->" + field.setName(); }
    }

    /** load:VALUE->FIELD[a..b]: write some bits of a field (a register's slice, a flag). */
    record Load(Subfield dst, long value) implements Action {
        public Load {
            if (dst.width() < 64 && (value >>> dst.width()) != 0) {
                throw new IllegalArgumentException("value 0x" + Long.toHexString(value) + " does not fit " + dst.toOfctl());
            }
            requireWritable(dst.field());
        }

        public String toOfctl() { return "load:" + (value == 0 ? "0" : "0x" + Long.toHexString(value)) + "->" + dst.toOfctl(); }
    }

    /** move:SRC[..]->DST[..]: Nicira's reg_move of bits onto as many bits of another field. */
    record Move(Subfield src, Subfield dst) implements Action {
        public Move {
            if (src.width() != dst.width()) {
                throw new IllegalArgumentException("move between different widths: " + src.toOfctl() + " -> " + dst.toOfctl());
            }
            requireWritable(dst.field());
        }

        public Move(Field src, Field dst) {
            this(Subfield.whole(src), Subfield.whole(dst));
        }

        public String toOfctl() { return "move:" + src.toOfctl() + "->" + dst.toOfctl(); }
    }

    /** dec_ttl: decrement the IP TTL; a packet at TTL 1 or 0 goes to the controller (reason invalid_ttl) instead. */
    record DecTtl() implements Action {
        public String toOfctl() { return "dec_ttl"; }
    }

    /**
     * ct(...): send the packet through conntrack in a zone (a constant or a register's
     * bits), optionally committing the connection, applying NAT and setting ct_mark, then
     * continuing in {@code table} with the conntrack state filled in (or, without a table,
     * carrying on with the actions after this one, state unknown).
     *
     * @param table   the table to continue in (may be earlier than this one), or null
     * @param zone    the zone register bits, or null for {@code zoneConstant}
     * @param exec    only set_field/load of ct_mark; refused otherwise
     */
    record Ct(boolean commit, Integer table, Subfield zone, int zoneConstant, Nat nat, List<Action> exec) implements Action {
        public Ct {
            exec = List.copyOf(exec);
            if (zone != null && zone.width() != 16) {
                throw new IllegalArgumentException("a ct zone is 16 bits: " + zone.toOfctl());
            }
            if (zoneConstant < 0 || zoneConstant > 0xffff) {
                throw new IllegalArgumentException("bad ct zone " + zoneConstant);
            }
            for (Action a : exec) {
                boolean mark = (a instanceof SetField s && s.field() == Field.CT_MARK)
                        || (a instanceof Load l && l.dst().field() == Field.CT_MARK);
                if (!mark) {
                    throw new IllegalArgumentException("ct exec may only set ct_mark: " + a.toOfctl());
                }
                if (!commit) {
                    throw new IllegalArgumentException("ct exec needs commit");
                }
            }
        }

        public String toOfctl() {
            StringBuilder sb = new StringBuilder("ct(");
            if (commit) sb.append("commit,");
            if (table != null) sb.append("table=").append(table).append(',');
            if (zone != null) {
                sb.append("zone=").append(zone.toOfctl()).append(',');
            } else if (zoneConstant != 0) {
                sb.append("zone=").append(zoneConstant).append(',');
            }
            if (nat != null) sb.append(nat.toOfctl()).append(',');
            if (!exec.isEmpty()) {
                sb.append("exec(").append(exec.stream().map(Action::toOfctl).collect(Collectors.joining(","))).append("),");
            }
            if (sb.charAt(sb.length() - 1) == ',') sb.setLength(sb.length() - 1);
            return sb.append(')').toString();
        }
    }

    /** ct_clear: forget the conntrack state (before a second, different zone). */
    record CtClear() implements Action {
        public String toOfctl() { return "ct_clear"; }
    }

    /**
     * conjunction(id,k/n): this flow is clause k of n of conjunctive match {@code id}, as
     * Neutron's firewall uses for remote groups (many addresses × many ports without the product).
     */
    record Conjunction(long id, int clause, int clauses) implements Action {
        public Conjunction {
            if (clauses < 2 || clauses > 64 || clause < 1 || clause > clauses || id < 0 || id > 0xffffffffL) {
                throw new IllegalArgumentException("bad conjunction(" + id + "," + clause + "/" + clauses + ")");
            }
        }

        public String toOfctl() { return "conjunction(" + id + "," + clause + "/" + clauses + ")"; }
    }

    /** check_pkt_larger(LEN)->DST: set a bit when the packet is longer than LEN (path MTU). */
    record CheckPktLarger(int length, Subfield dst) implements Action {
        public CheckPktLarger {
            if (dst.width() != 1) {
                throw new IllegalArgumentException("check_pkt_larger writes one bit: " + dst.toOfctl());
            }
        }

        public String toOfctl() { return "check_pkt_larger(" + length + ")->" + dst.toOfctl(); }
    }

    /** Open vSwitch lets flows match its read-only fields (conj_id, ct_state, ct_zone, eth_type, nw_proto), never write them. */
    private static void requireWritable(Field f) {
        if (!f.writable()) {
            throw new IllegalArgumentException(f.setName() + " is read-only: an action cannot write it");
        }
    }

    static Action output(int port) { return new Output(port); }
    static Action outputReg(Subfield port) { return new OutputReg(port); }
    static Action inPort() { return new InPort(); }
    static Action normal() { return new Normal(); }
    static Action controller() { return new Controller(0xffff); }
    static Action gotoTable(int table) { return new GotoTable(table); }
    static Action useMeter(long meterId) { return new UseMeter(meterId); }
    static Action resubmit(int table) { return new Resubmit(table); }
    static Action pushVlan() { return new PushVlan(); }
    static Action popVlan() { return new PopVlan(); }
    static Action setVlanVid(int vid) { return new SetVlanVid(vid); }
    static Action setTunnelId(long id) { return new SetTunnelId(id); }
    static Action setField(Field field, String value) { return new SetField(field, value); }
    static Action load(Subfield dst, long value) { return new Load(dst, value); }
    static Action move(Field src, Field dst) { return new Move(src, dst); }
    static Action move(Subfield src, Subfield dst) { return new Move(src, dst); }
    static Action decTtl() { return new DecTtl(); }
}
