package dev.muon.controller.node;

import dev.muon.pipeline.compile.DatapathIds;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/**
 * Who an OpenFlow or OVSDB connection proves to be. Over TLS, the name its certificate gives:
 * the subject's common name up to ovs-pki's {@code " id:<uuid>"} suffix ({@code ovs-pki req+sign
 * node1 switch} writes {@code CN=node1 id:0920a865-…}, {@code ovs-pki -u} writes {@code CN=node1}),
 * which must equal the hostname the node declares in its Open_vSwitch row, exactly. Plain TCP
 * (allowed only by configuration) proves nothing and is trusted as it says. A TLS connection
 * without a usable name (no certificate, no or several CNs) may be nobody.
 *
 * <p>The system-id is not accepted as a name: nothing ties a system-id to a hostname, so a
 * certificate for one would let its holder claim any hostname.
 *
 * @param name the certificate's name; null over plain TCP and when the certificate gives none
 */
public record NodeIdentity(boolean tls, String name, String problem) {
    /** The separator ovs-pki puts between the name and its unique id in a common name. */
    static final String OVS_PKI_ID = " id:";

    public static final NodeIdentity PLAIN = new NodeIdentity(false, null, null);

    public static NodeIdentity of(Optional<SSLSession> tls) {
        if (tls.isEmpty()) {
            return PLAIN;
        }
        try {
            Certificate[] chain = tls.get().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
                return unnamed("no X.509 client certificate");
            }
            return of(cert.getSubjectX500Principal());
        } catch (SSLPeerUnverifiedException e) {
            return unnamed("no client certificate");
        }
    }

    static NodeIdentity of(X500Principal subject) {
        List<String> cns = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
                Attribute cn = rdn.toAttributes().get("CN");   // every value, multi-valued RDNs too
                for (int i = 0; cn != null && i < cn.size(); i++) {
                    cns.add(String.valueOf(cn.get(i)));
                }
            }
        } catch (NamingException e) {
            return unnamed("unreadable subject " + subject);
        }
        if (cns.size() != 1) {
            return unnamed("certificate subject '" + subject + "' has " + cns.size() + " common names, not one");
        }
        String cn = cns.get(0);
        int id = cn.indexOf(OVS_PKI_ID);
        String name = (id < 0 ? cn : cn.substring(0, id)).trim();
        return name.isEmpty() ? unnamed("certificate common name '" + cn + "' names nobody") : new NodeIdentity(true, name, null);
    }

    private static NodeIdentity unnamed(String problem) {
        return new NodeIdentity(true, null, problem);
    }

    /** Why a connection with this identity may not be the node {@code hostname}; empty if it may. */
    public Optional<String> refusalAsHost(String hostname) {
        if (!tls || hostname == null) {
            return Optional.empty();   // plain TCP is trusted; no hostname claims nothing
        }
        if (name == null) {
            return Optional.of(problem + ", claims hostname '" + hostname + "'");
        }
        return name.equals(hostname) ? Optional.empty()
                : Optional.of("certificate names '" + name + "' but it claims hostname '" + hostname + "'");
    }

    /**
     * Why a switch with this identity may not take {@code datapathId}; empty if it may: the id must
     * be the one Muon derives from the certificate's name and one of that node's {@code bridges}.
     */
    public Optional<String> refusalAsSwitch(long datapathId, Collection<String> bridges) {
        if (!tls) {
            return Optional.empty();
        }
        if (name == null) {
            return Optional.of(problem);
        }
        for (String bridge : bridges) {
            if (DatapathIds.of(name, bridge) == datapathId) {
                return Optional.empty();
            }
        }
        return Optional.of("certificate names '" + name + "' but datapath id " + DatapathIds.hex(datapathId)
                + " is none of its bridges " + bridges);
    }
}
