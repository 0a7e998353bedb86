package dev.muon.northbound;

import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty server under the API, built here rather than by Javalin so that its one listener is
 * HTTP or HTTPS (never both) and carries {@link HttpLimits}: a bounded thread pool, a connection
 * limit (and one per client address), an idle timeout, a deadline for a request's headers and a
 * header size limit.
 */
final class ApiJetty {
    private ApiJetty() {
    }

    static Server server(RestOptions options) {
        HttpLimits limits = options.limits();
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()));
        threads.setName("rest");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        ServerConnector connector;
        if (options.tls() != null) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(PemKeyStore.load(options.tls().cert(), options.tls().key()));
            tls.setKeyStorePassword(PemKeyStore.PASSWORD);
            // One certificate: no virtual hosts to keep apart, so a client may use any name the operator gave it.
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(options.bind().getHostString());
        connector.setPort(options.bind().getPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addBean(new ClientConnections(limits.maxConnectionsPerAddress(), limits.requestDeadline(),
                connector.getScheduler()));
        server.addConnector(connector);
        server.addBean(new ConnectionLimit(limits.maxConnections(), server));
        return server;
    }
}
