package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** JSON written with single quotes, for readable tests. */
final class Json {
    private Json() {
    }

    static JsonNode json(String text) {
        try {
            return JsonCodec.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Runs the operations (a JSON array, single-quoted) on the Open_vSwitch database. */
    static ArrayNode transact(Database db, String operations) {
        ArrayNode params = (ArrayNode) json("['Open_vSwitch']");
        params.addAll((ArrayNode) json(operations));
        return db.transact(params);
    }

    /** A database with its root row, as ovs-vsctl init leaves it. */
    static Database initialized() {
        Database db = Database.openVswitch();
        transact(db, "[{'op':'insert','table':'Open_vSwitch','row':{}}]");
        return db;
    }

    /** Operations that add a bridge with its own internal port and the given extra ports. */
    static String addBridge(String bridge, String... portsAndTypes) {
        StringBuilder ops = new StringBuilder("[");
        StringBuilder refs = new StringBuilder("['named-uuid','p0']");
        ops.append(port(0, bridge, "internal", "{}")).append(',');
        for (int i = 0; i < portsAndTypes.length; i += 3) {
            int n = i / 3 + 1;
            ops.append(port(n, portsAndTypes[i], portsAndTypes[i + 1], portsAndTypes[i + 2])).append(',');
            refs.append(",['named-uuid','p").append(n).append("']");
        }
        ops.append("{'op':'insert','table':'Bridge','uuid-name':'br','row':{'name':'").append(bridge)
                .append("','ports':['set',[").append(refs).append("]]}},");
        ops.append("{'op':'mutate','table':'Open_vSwitch','where':[],'mutations':[['bridges','insert',"
                + "['set',[['named-uuid','br']]]]]}]");
        return ops.toString();
    }

    private static String port(int n, String name, String type, String options) {
        return "{'op':'insert','table':'Interface','uuid-name':'i" + n + "','row':{'name':'" + name + "','type':'" + type
                + "','options':" + mapOf(options) + "}},"
                + "{'op':'insert','table':'Port','uuid-name':'p" + n + "','row':{'name':'" + name
                + "','interfaces':['named-uuid','i" + n + "']}}";
    }

    /** "{k=v,k2=v2}" as an OVSDB map. */
    private static String mapOf(String text) {
        String body = text.substring(1, text.length() - 1);
        StringBuilder pairs = new StringBuilder();
        if (!body.isEmpty()) {
            for (String kv : body.split(",")) {
                String[] p = kv.split("=");
                pairs.append(pairs.length() == 0 ? "" : ",").append("['").append(p[0]).append("','").append(p[1]).append("']");
            }
        }
        return "['map',[" + pairs + "]]";
    }
}
