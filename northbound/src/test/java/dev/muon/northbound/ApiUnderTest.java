package dev.muon.northbound;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The API's HTTP layer on an ephemeral loopback port over a service that must not be reached:
 * every call to it is recorded (and answers 500), so a test sees whether a request got past
 * authentication and the body limits. The operator view answers fixed text.
 */
final class ApiUnderTest implements AutoCloseable {
    static final RequestContext ANONYMOUS = RequestContext.admin("admin", "admin");

    final List<String> serviceCalls = new CopyOnWriteArrayList<>();
    final NorthboundServer server;
    final HttpClient http = HttpClient.newHttpClient();

    ApiUnderTest(Authenticator authenticator, RestTls tls, HttpLimits limits) {
        server = new NorthboundServer(untouchedService(), new FixedOperatorView(),
                new RestOptions(new InetSocketAddress("127.0.0.1", 0), authenticator, tls, limits));
        server.start();
    }

    static ApiUnderTest noAuth() {
        return new ApiUnderTest(null, null, HttpLimits.defaults());
    }

    int port() {
        return server.port();
    }

    URI uri(String path) {
        return URI.create(server.scheme() + "://127.0.0.1:" + port() + path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    private NetworkService untouchedService() {
        return (NetworkService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NetworkService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("noAuthContext")) {
                        return ANONYMOUS;
                    }
                    if (method.isDefault()) {
                        // catchUp and the like: the real default, not a part to record
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    Class<?> part = method.getReturnType();
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {part},
                            (p, m, a) -> {
                                if (m.getDeclaringClass() == Object.class) {
                                    return m.getName().equals("toString") ? part.getSimpleName() : null;
                                }
                                serviceCalls.add(part.getSimpleName() + "." + m.getName());
                                throw new IllegalStateException("the service was reached: " + m.getName());
                            });
                });
    }

    private static final class FixedOperatorView implements OperatorView {
        @Override
        public String nodes() {
            return "node1 fa:16:3e:00:00:01\n";
        }

        @Override
        public Optional<String> flows(String node, String bridge) {
            return Optional.of("flows of " + node + "\n");
        }

        @Override
        public Optional<String> trace(String node, String bridge, String packet) {
            return Optional.of("trace\n");
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
