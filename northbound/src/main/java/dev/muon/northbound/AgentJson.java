package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Agent ⇄ Neutron JSON (the agent extension, with availability_zone and resources_synced). */
final class AgentJson {
    static final String RESOURCE = "agent";
    static final String COLLECTION = "agents";
    /** neutron-lib's agent definition: a description of at most 255 characters. */
    private static final int DESCRIPTION_MAX = 255;
    /** Agents show their times as Python prints a datetime, not as standard attributes do. */
    private static final DateTimeFormatter AGENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id", "agent_type", "binary", "topic", "host", "alive", "availability_zone",
                    "configurations", "heartbeat_timestamp", "started_at", "created_at", "resources_synced")
            .update("admin_state_up", "description")
            .build();

    private AgentJson() {
    }

    static ObjectNode render(AgentView a) {
        ObjectNode node = Json.object();
        node.put("id", a.id());
        node.put("agent_type", a.agentType());
        node.put("binary", a.binary());
        node.put("topic", a.topic());
        node.put("host", a.host());
        node.put("admin_state_up", a.adminStateUp());
        node.put("alive", a.alive());
        node.put("description", a.description());
        node.put("availability_zone", a.availabilityZone());
        node.set("configurations", Json.MAPPER.valueToTree(a.configurations()));
        node.put("heartbeat_timestamp", time(a.heartbeat()));
        node.put("started_at", time(a.startedAt()));
        node.put("created_at", time(a.createdAt()));
        node.putNull("resources_synced");
        return node;
    }

    private static String time(Instant at) {
        return at == null ? null : AGENT_TIME.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    static AgentRequest parse(ObjectNode body, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, Operation.UPDATE, ctx);
        return new AgentRequest(r.bool("admin_state_up"), r.string("description", DESCRIPTION_MAX));
    }

    static NeutronException notFound(String id) {
        return NeutronException.notFound("AgentNotFound", "Agent " + id + " could not be found.");
    }
}
