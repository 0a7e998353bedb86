package dev.muon.northbound;

import java.util.List;

/** The attributes a client sent in a security group create or update; a null component was not sent. */
public record SecurityGroupRequest(String name, String description, String projectId, Boolean stateful,
                                   List<String> tags) {
    public static SecurityGroupRequest named(String name) {
        return new SecurityGroupRequest(name, null, null, null, null);
    }
}
