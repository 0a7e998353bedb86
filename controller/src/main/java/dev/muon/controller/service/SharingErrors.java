package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;

/** Neutron's exceptions for address scopes and RBAC policies, with its types and messages. */
final class SharingErrors {
    private SharingErrors() {
    }

    static NeutronException addressScopeNotFound(String id) {
        return NeutronException.notFound("AddressScopeNotFound", "Address scope " + id + " could not be found.");
    }

    static NeutronException addressScopeInUse(String id) {
        return NeutronException.conflict("AddressScopeInUse", "Unable to complete operation on address scope "
                + id + ". There are one or more subnet pools in use on the address scope.");
    }

    static NeutronException addressScopeUpdate(String id, String reason) {
        return new NeutronException(400, "AddressScopeUpdateError",
                "Unable to update address scope " + id + " : " + reason + ".");
    }

    static NeutronException addressScopePrefixConflict() {
        return NeutronException.conflict("AddressScopePrefixConflict",
                "Failed to associate address scope: subnetpools within an address scope must have unique prefixes.");
    }

    static NeutronException illegalAssociation(String poolId, String scopeId) {
        return new NeutronException(400, "IllegalSubnetPoolAssociationToAddressScope",
                "Illegal subnetpool association: subnetpool " + poolId + " cannot be associated with address scope "
                        + scopeId + ".");
    }

    static NeutronException illegalIpVersionAssociation(String poolId, String scopeId, int version) {
        return new NeutronException(400, "IllegalSubnetPoolIpVersionAssociationToAddressScope",
                "Illegal subnetpool association: subnetpool " + poolId + " cannot associate with address scope "
                        + scopeId + " because subnetpool ip_version is not " + version + ".");
    }

    static NeutronException illegalPoolUpdate(String poolId, String scopeId) {
        return new NeutronException(400, "IllegalSubnetPoolUpdate", "Illegal subnetpool update : subnetpool "
                + poolId + " cannot be updated when associated with shared address scope " + scopeId + ".");
    }

    static NeutronException rbacPolicyNotFound(String id) {
        return NeutronException.notFound("RbacPolicyNotFound",
                "RBAC policy of type rbac_policy with ID " + id + " not found");
    }

    static NeutronException duplicateRbacPolicy() {
        return NeutronException.conflict("DuplicateRbacPolicy",
                "An RBAC policy already exists with those values.");
    }

    static NeutronException rbacPolicyInUse(String objectId, String details) {
        return NeutronException.conflict("RbacPolicyInUse",
                "RBAC policy on object " + objectId + " cannot be removed because other objects depend on it.\n"
                        + "Details: " + details);
    }

    static NeutronException invalidActionForType(String action, String objectType, String valid) {
        return new NeutronException(400, "InvalidActionForType", "Invalid action '" + action
                + "' for object type '" + objectType + "'. Valid actions: " + valid);
    }
}
