package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The controller recompiles every node on each snapshot the store publishes (MuonController
 * subscribes {@code reconciler.request()}), and compiles from that snapshot. So every change the
 * security group dataplane depends on must commit a new snapshot that carries it: groups and rules
 * created and deleted, a group's statefulness, and a port's groups, address pairs, fixed IPs and
 * port security.
 */
class SecurityChangesReachReconcilerTest {
    private final NeutronApi api = new NeutronApi();
    private final BlockingQueue<NetworkModel> published = new LinkedBlockingQueue<>();

    @BeforeEach
    void listen() {
        api.store.subscribe(published::add);
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void everySecurityChangeIsPublished() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        String subnet = api.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.7.0.0/24', "
                + "'ip_version': 4}").get("id").asText();
        String portId = api.create("ports", "port", "{'network_id': '" + net + "'}").get("id").asText();
        published.clear();

        String group = api.create("security-groups", "security_group", "{'name': 'web'}").get("id").asText();
        await("group created with its egress rules", m -> m.get(ResourceKind.SECURITY_GROUP, group).isPresent()
                && SecurityGroupOperations.rulesOf(m, group).size() == 2);

        JsonNode rule = api.create("security-group-rules", "security_group_rule", "{'security_group_id': '" + group
                + "', 'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 22, 'port_range_max': 22}");
        String ruleId = rule.get("id").asText();
        await("rule created", m -> m.get(ResourceKind.SECURITY_GROUP_RULE, ruleId).isPresent());

        api.update("ports", "port", portId, "{'security_groups': ['" + group + "']}");
        await("port's groups", m -> port(m, portId).securityGroups().equals(List.of(group)));

        api.update("ports", "port", portId, "{'allowed_address_pairs': [{'ip_address': '10.7.0.100'}]}");
        await("port's address pairs", m -> port(m, portId).allowedAddressPairs().size() == 1);

        api.update("ports", "port", portId, "{'fixed_ips': [{'subnet_id': '" + subnet
                + "', 'ip_address': '10.7.0.50'}]}");
        await("port's fixed IPs", m -> port(m, portId).fixedIps().get(0).ipAddress().equals("10.7.0.50"));

        api.delete("/v2.0/security-group-rules/" + ruleId);
        await("rule deleted", m -> m.get(ResourceKind.SECURITY_GROUP_RULE, ruleId).isEmpty());

        api.update("ports", "port", portId, "{'port_security_enabled': false, 'security_groups': [], "
                + "'allowed_address_pairs': []}");
        await("port security off", m -> !port(m, portId).portSecurityEnabled()
                && port(m, portId).securityGroups().isEmpty());

        api.update("security-groups", "security_group", group, "{'stateful': false}");
        await("group stateless", m -> !m.get(ResourceKind.SECURITY_GROUP, group).orElseThrow().stateful());

        api.delete("/v2.0/security-groups/" + group);
        await("group deleted with its rules", m -> m.get(ResourceKind.SECURITY_GROUP, group).isEmpty()
                && SecurityGroupOperations.rulesOf(m, group).isEmpty());

        // A refused change publishes nothing, so nothing recompiles for it.
        api.update("ports", "port", portId, "{'port_security_enabled': true}");
        await("port security on", m -> port(m, portId).portSecurityEnabled());
        NeutronApi.error(api.send("PUT", "/v2.0/ports/" + portId, "{'port': {'port_security_enabled': false, "
                + "'security_groups': ['" + group + "']}}"), 400, "PortSecurityAndIPRequiredForSecurityGroups");
        assertNull(published.poll(200, TimeUnit.MILLISECONDS), "nothing published");
    }

    private static Port port(NetworkModel m, String id) {
        Port p = m.ports().get(id);
        assertNotNull(p);
        return p;
    }

    /** Takes published snapshots until one shows the change; fails if none does within 5 s. */
    private void await(String what, Predicate<NetworkModel> shows) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            NetworkModel m = published.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && shows.test(m)) {
                return;
            }
        }
        fail("no published snapshot shows: " + what);
    }
}
