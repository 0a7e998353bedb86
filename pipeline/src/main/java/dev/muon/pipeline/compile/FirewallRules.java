package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.outputReg;
import static dev.muon.pipeline.flow.PipelineTable.INT_RULES_EGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_RULES_INGRESS;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.Subfield;
import dev.muon.pipeline.model.AddressGroup;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The security group rules of each filtered port, in br-int 72 (egress) and 82 (ingress), as
 * Neutron's openvswitch firewall writes them (rules.py). A rule with a remote prefix (or none) is a
 * flow per masked port range; for a stateful port twice: a new connection is committed in the
 * network's zone, and an established one's original-direction packets are checked again (so a
 * deleted rule stops them: {@link PortFirewall} marks what no rule allows any more).
 *
 * <p>A rule naming a remote group is a conjunctive match, so that a group of thousands of members
 * costs members + rules flows, not members × rules: clause 1 is one flow per member address, clause
 * 2 the rule's match for each port, and a {@code conj_id} flow per (group, remote group, direction,
 * ethertype) accepts. A member joining or leaving adds or removes one flow per table that refers to
 * its group, on each node (Neutron's LP#1975674 measured
 * minutes for what is, here, a handful of flows).
 *
 * <p>A rule naming a remote address group is the same conjunction with the group's CIDRs of the
 * rule's ethertype as clause 1 (Neutron's firewall does the same); adding or removing an address
 * adds or removes one flow per table that refers to the address group, on each node.
 */
final class FirewallRules implements PipelineModule {
    private static final String NEW = "+new-est+trk";
    private static final String ESTABLISHED_ORIGINAL = "+est-rel-rpl+trk";

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        NetworkModel model = ctx.topo().model();
        ConjunctionIds ids = new ConjunctionIds();
        Map<Flow.Key, Flow> plain = new LinkedHashMap<>();
        Map<PipelineTable, Map<Match, Clause>> clauses = new LinkedHashMap<>();
        Map<Long, Conj> conjunctions = new TreeMap<>();
        Map<MemberSet, Set<Long>> memberSets = new LinkedHashMap<>();
        for (FilteredPort fp : FilteredPort.of(ctx)) {
            List<List<SecurityGroupRule>> rules = fp.groups().stream().map(g -> model.rulesOf(g.id())).toList();
            PortRules port = ctx.memo().value(new RulesKey(fp.ofport(), fp.stateful(), fp.groups(), rules),
                    () -> portRules(fp, rules));
            ctx.cookies().recordAll(port.owners());
            port.plain().forEach(f -> put(plain, f));
            for (RemoteRule r : port.remote()) {
                long id = ids.of(r.conjunction());
                conjunctions.putIfAbsent(id, new Conj(id, r.table(), r.ethType(), fp.stateful(), r.groupCookie()));
                memberSets.computeIfAbsent(new MemberSet(r.table(), r.ethType(), r.remote()),
                        k -> new LinkedHashSet<>()).add(id);
                for (Match m : r.clauses()) {
                    clauses.computeIfAbsent(r.table(), t -> new LinkedHashMap<>())
                            .computeIfAbsent(m, x -> new Clause(r.ruleCookie(), 2)).ids.add(id);
                }
            }
        }
        plain.values().forEach(f -> sink.add(Bridges.INTEGRATION, f));
        memberClauses(ctx, model, memberSets, clauses);
        clauses.forEach((table, byMatch) -> byMatch.forEach((m, c) -> sink.add(Bridges.INTEGRATION,
                table.flow(conjunctionBand(table)).cookie(c.cookie).match(b -> b.from(m))
                        .actions(c.ids.stream().sorted().map(id -> (Action) new Action.Conjunction(id, c.clause, 2))
                                .toArray(Action[]::new)).build())));
        conjunctions.values().forEach(c -> accepts(sink, c));
    }

    /**
     * One port's part, from its ofport, groups and their rules alone (so a node's next compile reuses
     * it while those are unchanged): its plain rule flows, the remote-group rules it takes part in,
     * and the owners of the cookies it used.
     */
    private static PortRules portRules(FilteredPort fp, List<List<SecurityGroupRule>> rulesByGroup) {
        CookieBook cookies = new CookieBook();
        Map<Flow.Key, Flow> plain = new LinkedHashMap<>();
        List<RemoteRule> remote = new ArrayList<>();
        int p = fp.ofport();
        for (int g = 0; g < fp.groups().size(); g++) {
            SecurityGroup group = fp.groups().get(g);
            for (SecurityGroupRule rule : rulesByGroup.get(g)) {
                Optional<RuleMatch> rm = RuleMatch.of(rule);
                if (rm.isEmpty()) {
                    continue;
                }
                RuleMatch r = rm.get();
                PipelineTable table = r.ingress() ? INT_RULES_INGRESS : INT_RULES_EGRESS;
                long cookie = cookies.securityGroupRule(rule.id(), r.summary(group.name()));
                Remote remoteEnd = Remote.of(rule);
                if (remoteEnd != null) {
                    String key = group.id() + "|" + remoteEnd + "|" + rule.direction() + "|"
                            + r.ethType() + "|" + fp.stateful();
                    List<Match> matches = new ArrayList<>();
                    for (Consumer<Match.Builder> v : r.variants()) {
                        matches.add(Match.builder().reg(5, p).ethType(r.ethType()).apply(v).build());
                    }
                    remote.add(new RemoteRule(key, table, r.ethType(), cookies.securityGroup(group.id(), group.name()),
                            remoteEnd, cookie, List.copyOf(matches)));
                    continue;
                }
                Priority band = r.ingress() ? Priority.SG_RULE_INGRESS : Priority.SG_RULE_EGRESS;
                for (Consumer<Match.Builder> v : r.variants()) {
                    if (fp.stateful()) {
                        put(plain, table.flow(band).cookie(cookie)
                                .match(ruleMatch(p, r, v, NEW))
                                .actions(PortFirewall.commit(), PortFirewall.accept(!r.ingress(), p)).build());
                        put(plain, table.flow(band).cookie(cookie)
                                .match(ruleMatch(p, r, v, ESTABLISHED_ORIGINAL))
                                .actions(PortFirewall.accept(!r.ingress(), p)).build());
                    } else {
                        put(plain, table.flow(band).cookie(cookie).match(ruleMatch(p, r, v, null))
                                .actions(PortFirewall.accept(!r.ingress(), p)).build());
                    }
                }
            }
        }
        return new PortRules(List.copyOf(plain.values()), List.copyOf(remote),
                Collections.unmodifiableMap(new LinkedHashMap<>(cookies.owners())));
    }

    /**
     * Clause 1: each member address of each remote group (or CIDR of each remote address group) a local
     * port's rule refers to, once per table and ethertype, whatever the networks (Neutron writes it again
     * for each local network, reg_net, which costs members × networks flows and keeps out nobody an
     * address match lets in). A /0 CIDR is a clause matching the whole ethertype.
     */
    private static void memberClauses(CompileContext ctx, NetworkModel model, Map<MemberSet, Set<Long>> memberSets,
                                      Map<PipelineTable, Map<Match, Clause>> clauses) {
        for (Map.Entry<MemberSet, Set<Long>> e : memberSets.entrySet()) {
            MemberSet s = e.getKey();
            boolean v6 = s.ethType == Field.ETH_TYPE_IPV6;
            boolean ingress = s.table == INT_RULES_INGRESS;
            Field f = v6 ? (ingress ? Field.IPV6_SRC : Field.IPV6_DST) : (ingress ? Field.IPV4_SRC : Field.IPV4_DST);
            Remote remote = s.remote;
            long cookie;
            Set<String> addresses;
            if (remote.addressGroup()) {
                cookie = model.get(ResourceKind.ADDRESS_GROUP, remote.id())
                        .map(g -> ctx.cookies().addressGroup(g.id(), g.name()))
                        .orElseGet(() -> ctx.cookies().addressGroup(remote.id(), ""));
                addresses = addressGroupCidrs(model, remote.id(), v6);
            } else {
                cookie = model.securityGroup(remote.id())
                        .map(g -> ctx.cookies().securityGroup(g.id(), g.name()))
                        .orElseGet(() -> ctx.cookies().securityGroup(remote.id(), ""));
                addresses = memberAddresses(model, remote.id(), v6);
            }
            for (String address : addresses) {
                Match m = address.endsWith("/0") ? Match.builder().ethType(s.ethType).build()
                        : Match.builder().ethType(s.ethType).set(f, address).build();
                clauses.computeIfAbsent(s.table, t -> new LinkedHashMap<>())
                        .computeIfAbsent(m, x -> new Clause(cookie, 1)).ids.addAll(e.getValue());
            }
        }
    }

    /** The fixed IPs and allowed-pair prefixes of a group's member ports, of one family (a /0 pair is left out). */
    static Set<String> memberAddresses(NetworkModel model, String groupId, boolean v6) {
        Set<String> out = new LinkedHashSet<>();
        for (Port member : model.membersOf(groupId)) {
            List<String> raw = new ArrayList<>();
            member.fixedIps().stream().map(FixedIp::ipAddress).forEach(raw::add);
            member.allowedAddressPairs().stream().map(AllowedAddressPair::ipAddress).forEach(raw::add);
            for (String a : raw) {
                if (a == null || a.isBlank()) {
                    continue;
                }
                String c = PortAddresses.canonical(a);
                if (c.contains(":") == v6 && !c.endsWith("/0")) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** The CIDRs of an address group, of one family, as Open vSwitch prints them (none if it is gone). */
    static Set<String> addressGroupCidrs(NetworkModel model, String addressGroupId, boolean v6) {
        Set<String> out = new LinkedHashSet<>();
        for (String cidr : model.get(ResourceKind.ADDRESS_GROUP, addressGroupId).map(AddressGroup::addresses)
                .orElse(List.of())) {
            String c = PortAddresses.canonical(cidr);
            if (c.contains(":") == v6) {
                out.add(c);
            }
        }
        return out;
    }

    /** The conj_id flows: a completed conjunction accepts (committing a new connection when stateful). */
    private static void accepts(PipelineSink sink, Conj c) {
        boolean ingress = c.table == INT_RULES_INGRESS;
        Action accept = ingress ? outputReg(Subfield.whole(Field.REG5)) : PortFirewall.accept(true, 0);
        Priority band = conjunctionBand(c.table);
        if (c.stateful) {
            sink.add(Bridges.INTEGRATION, c.table.flow(band).cookie(c.cookie)
                    .match(m -> m.conjId(c.id).ctState(NEW).ethType(c.ethType))
                    .actions(PortFirewall.commit(), accept).build());
            sink.add(Bridges.INTEGRATION, c.table.flow(band).cookie(c.cookie)
                    .match(m -> m.conjId(c.id).ctState(ESTABLISHED_ORIGINAL).ethType(c.ethType))
                    .actions(accept).build());
        } else {
            sink.add(Bridges.INTEGRATION, c.table.flow(band).cookie(c.cookie)
                    .match(m -> m.conjId(c.id).ethType(c.ethType)).actions(accept).build());
        }
    }

    private static Priority conjunctionBand(PipelineTable table) {
        return table == INT_RULES_INGRESS ? Priority.SG_CONJUNCTION_INGRESS : Priority.SG_CONJUNCTION_EGRESS;
    }

    private static UnaryOperator<Match.Builder> ruleMatch(int p, RuleMatch r, Consumer<Match.Builder> v, String ctState) {
        return m -> {
            m.reg(5, p).ethType(r.ethType());
            if (ctState != null) {
                m.ctState(ctState);
            }
            v.accept(m);
            return m;
        };
    }

    /** Two rules of a port's groups that match the same packets (the same rule in two groups): the first is kept. */
    private static void put(Map<Flow.Key, Flow> flows, Flow f) {
        flows.putIfAbsent(f.key(), f);
    }

    /** A clause flow being merged: several conjunctions may share one match (Neutron merges them too). */
    private static final class Clause {
        final long cookie;
        final int clause;
        final Set<Long> ids = new LinkedHashSet<>();

        Clause(long cookie, int clause) {
            this.cookie = cookie;
            this.clause = clause;
        }
    }

    private record Conj(long id, PipelineTable table, int ethType, boolean stateful, long cookie) {
    }

    private record MemberSet(PipelineTable table, int ethType, Remote remote) {
    }

    /** A rule's remote end that is a set of addresses: a security group's members or an address group's CIDRs. */
    private record Remote(String id, boolean addressGroup) {
        static Remote of(SecurityGroupRule rule) {
            if (rule.remoteGroupId() != null) {
                return new Remote(rule.remoteGroupId(), false);
            }
            return rule.remoteAddressGroupId() == null ? null : new Remote(rule.remoteAddressGroupId(), true);
        }

        @Override
        public String toString() {
            return addressGroup ? "address-group:" + id : id;
        }
    }

    /** Everything one port's rules are made of (a {@link FragmentMemo} key). */
    private record RulesKey(int ofport, boolean stateful, List<SecurityGroup> groups,
                            List<List<SecurityGroupRule>> rules) {
    }

    /** A port's rule flows, its remote-group rules, and the owners of the cookies they carry. */
    private record PortRules(List<Flow> plain, List<RemoteRule> remote, Map<Long, String> owners) {
    }

    /**
     * A rule of one of the port's groups naming a remote group or address group: its conjunction (by key,
     * numbered per compile), the group's cookie, and the port's clause-2 matches.
     */
    private record RemoteRule(String conjunction, PipelineTable table, int ethType, long groupCookie,
                              Remote remote, long ruleCookie, List<Match> clauses) {
    }
}
