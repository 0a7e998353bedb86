package dev.muon.controller.service;

import dev.muon.pipeline.model.NetworkModel;

import java.util.List;

/**
 * What an API create must respect: given the model before and after the create (one request,
 * or a whole bulk) and what it created, refuses it with Neutron's OverQuota. Inside the create's
 * transaction, so a refused create changes nothing.
 */
@FunctionalInterface
interface QuotaCheck {
    QuotaCheck NONE = (before, after, created) -> {
    };

    void check(NetworkModel before, NetworkModel after, List<?> created);
}
