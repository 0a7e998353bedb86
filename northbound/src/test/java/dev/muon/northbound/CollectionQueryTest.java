package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Port;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filters, field selection, sorting and pages over rendered resources. */
class CollectionQueryTest {
    private final ObjectNode port = PortJson.render(Fixtures.portView(""));

    private static QueryFilter filter(Map<String, List<String>> query) {
        return QueryFilter.from(query, PortJson.ATTRIBUTES);
    }

    @Test
    void filtersOnScalarsBooleansAndAlternatives() {
        assertTrue(filter(Map.of("name", List.of("port1"))).matches(port));
        assertFalse(filter(Map.of("name", List.of("other"))).matches(port));
        assertTrue(filter(Map.of("name", List.of("other", "port1"))).matches(port));
        assertTrue(filter(Map.of("admin_state_up", List.of("True"))).matches(port));
        assertFalse(filter(Map.of("admin_state_up", List.of("false"))).matches(port));
        assertTrue(filter(Map.of("revision_number", List.of("1"))).matches(port));
        assertFalse(filter(Map.of("name", List.of("port1"), "status", List.of("ACTIVE"))).matches(port));
    }

    @Test
    void filtersOnListsOfObjects() {
        assertTrue(filter(Map.of("fixed_ips", List.of("ip_address=10.0.0.11"))).matches(port));
        assertTrue(filter(Map.of("fixed_ips", List.of("subnet_id=" + Fixtures.SUBNET_ID))).matches(port));
        assertFalse(filter(Map.of("fixed_ips", List.of("ip_address=10.0.0.12"))).matches(port));
    }

    @Test
    void fixedIpFiltersIncludingSubstringsHoldForOneAddress() {
        assertTrue(filter(Map.of("fixed_ips", List.of("ip_address_substr=0.0.1"))).matches(port));
        assertTrue(filter(Map.of("fixed_ips", List.of("ip_address_substr=.11"))).matches(port));
        assertFalse(filter(Map.of("fixed_ips", List.of("ip_address_substr=10.0.0.12"))).matches(port));
        // alternatives within one sub-filter, every sub-filter on the same fixed IP
        assertTrue(filter(Map.of("fixed_ips", List.of("ip_address_substr=.99", "ip_address_substr=.11",
                "subnet_id=" + Fixtures.SUBNET_ID))).matches(port));
        assertFalse(filter(Map.of("fixed_ips", List.of("ip_address=10.0.0.11", "subnet_id=other"))).matches(port));
    }

    @Test
    void tagFiltersAndUnknownAttributes() {
        assertFalse(filter(Map.of("tags", List.of("a,b"))).matches(port));
        assertTrue(filter(Map.of("not-tags", List.of("a"))).matches(port));
        NeutronException e = assertThrows(NeutronException.class, () -> filter(Map.of("colour", List.of("x"))));
        assertEquals("[colour] is invalid attribute for filtering", e.getMessage());
        // Reserved parameters are not filters.
        assertTrue(filter(Map.of("fields", List.of("id"), "limit", List.of("1"))).matches(port));
    }

    @Test
    void selectsFields() {
        ObjectNode selected = FieldSelector.from(List.of("id", "name,mac_address", "nonexistent")).apply(port);
        assertEquals(Set.of("id", "name", "mac_address"), NetworkJsonTest.fieldNames(selected));
        assertEquals(port, FieldSelector.from(null).apply(port));
    }

    @Test
    void sortsAndPages() {
        List<ObjectNode> ports = List.of(named("b", "2"), named("a", "1"), named("c", "3"));
        List<ObjectNode> sorted = Sorting.from(List.of("name"), List.of("desc"), PortJson.ATTRIBUTES).apply(ports);
        assertEquals(List.of("c", "b", "a"), sorted.stream().map(p -> p.get("name").asText()).toList());
        assertThrows(NeutronException.class, () -> Sorting.from(List.of("nope"), null, PortJson.ATTRIBUTES));

        Pagination.Page first = Pagination.from("2", null).apply(sorted);
        assertEquals(2, first.items().size());
        assertTrue(first.hasNext());
        assertEquals(idOf("b"), first.nextMarker());
        assertTrue(first.hasPrevious(), "Neutron links back from every forward page, even the first");
        Pagination.Page second = Pagination.from("2", first.nextMarker()).apply(sorted);
        assertEquals(List.of("a"), second.items().stream().map(p -> p.get("name").asText()).toList());
        assertFalse(second.hasNext(), "a short page is the last");
        assertTrue(second.hasPrevious());
        assertEquals(idOf("a"), second.previousMarker());
        // A full last page still links onwards (Neutron's len(items) == limit); the page after is empty.
        Pagination.Page fullLast = Pagination.from("1", idOf("b")).apply(sorted);
        assertEquals(List.of("a"), fullLast.items().stream().map(p -> p.get("name").asText()).toList());
        assertTrue(fullLast.hasNext());
        Pagination.Page beyond = Pagination.from("1", fullLast.nextMarker()).apply(sorted);
        assertEquals(List.of(), beyond.items());
        assertFalse(beyond.hasNext());
        assertTrue(beyond.hasPrevious());
        assertNull(beyond.previousMarker(), "an empty page's links carry no marker");
        // page_reverse: the page before the marker, still in the sort order.
        Pagination.Page before = Pagination.from("1", idOf("a"), "True").apply(sorted);
        assertEquals(List.of("b"), before.items().stream().map(p -> p.get("name").asText()).toList());
        assertTrue(before.hasPrevious());
        assertEquals(idOf("b"), before.previousMarker());
        assertTrue(before.hasNext());
        assertEquals(idOf("b"), before.nextMarker());
        Pagination.Page firstReversed = Pagination.from("2", idOf("b"), "true").apply(sorted);
        assertEquals(List.of("c"), firstReversed.items().stream().map(p -> p.get("name").asText()).toList());
        assertFalse(firstReversed.hasPrevious(), "a short reversed page is the first");
        assertTrue(firstReversed.hasNext());
        assertFalse(Pagination.from(null, null).apply(sorted).hasNext());
        assertEquals(400, assertThrows(NeutronException.class, () -> Pagination.from("1", null, "maybe")).status());
        assertEquals(3, Pagination.from(null, null).apply(sorted).items().size());
        assertEquals(400, assertThrows(NeutronException.class, () -> Pagination.from("-1", null)).status());
        assertEquals(404, assertThrows(NeutronException.class,
                () -> Pagination.from("1", "missing").apply(sorted)).status());
    }

    private static ObjectNode named(String name, String ip) {
        Port p = Fixtures.port("");
        return PortJson.render(new PortView(new Port(idOf(name), name, "", "p", p.networkId(), p.macAddress(),
                List.of(new FixedIp(Fixtures.SUBNET_ID, "10.0.0." + ip)), true, "DOWN", "", "", "", true, List.of(),
                p.createdAt(), p.updatedAt(), 1, List.of(), Map.of(), List.of()), null));
    }

    private static String idOf(String name) {
        return "id-" + name;
    }
}
