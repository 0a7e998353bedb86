package dev.muon.northbound;

import dev.muon.pipeline.model.Subnet;

/**
 * A subnet as the API sees it: the model record plus whether its network is shared, which
 * Neutron keeps as a hidden subnet attribute that lists can filter on ({@code ?shared=True}).
 */
public record SubnetView(Subnet subnet, boolean shared) {
}
