package dev.muon.controller.service;

import dev.muon.pipeline.model.NetworkModel;

/**
 * What an API create must respect: given the model before and after the create (one request,
 * or a whole bulk), refuses it with Neutron's OverQuota when a project now owns more than its
 * limit of something the create added to. Inside the create's transaction, so a refused create
 * changes nothing.
 */
@FunctionalInterface
interface QuotaCheck {
    QuotaCheck NONE = (before, after) -> {
    };

    void check(NetworkModel before, NetworkModel after);
}
