package dev.muon.northbound;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads every request body before the API sees it, without holding a thread while it arrives
 * (servlet non-blocking input) and never past {@link HttpLimits#maxBodyBytes()}, declared or
 * chunked: a client that trickles a body costs a connection and what it sent, not a request
 * thread, and a body too large answers 413 and is not read further. A body that is not complete
 * within {@link HttpLimits#bodyDeadline()} answers 408. The API then reads the body from memory.
 */
final class BoundedBodyFilter implements Filter {
    private static final String BODY = BoundedBodyFilter.class.getName() + ".body";
    /** How long a refused client may go on sending before its connection is closed. */
    private static final Duration LINGER = Duration.ofSeconds(2);
    /** A body's first buffer; a client that declares a large body and sends none of it gets no more. */
    private static final int INITIAL_BUFFER = 8192;

    private final int maxBytes;
    private final long deadlineMillis;

    BoundedBodyFilter(HttpLimits limits) {
        this.maxBytes = limits.maxBodyBytes();
        this.deadlineMillis = limits.bodyDeadline().toMillis();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() == DispatcherType.ASYNC && request.getAttribute(BODY) instanceof byte[] body) {
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(request, response, 413, "HTTPRequestEntityTooLarge", tooLarge());
            return;
        }
        if (declared == 0 || (declared < 0 && request.getHeader("Transfer-Encoding") == null)) {
            chain.doFilter(request, response);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(deadlineMillis);
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                if (answered.compareAndSet(false, true)) {
                    refuse(request, response, 408, "HTTPRequestTimeout", "The request body did not arrive within "
                            + deadlineMillis / 1000 + " s.");
                    async.complete();
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                if (answered.compareAndSet(false, true)) {
                    async.complete();
                }
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        ServletInputStream in = request.getInputStream();
        in.setReadListener(new ReadListener() {
            // grown as bytes arrive, not sized by the declared length: headers alone must cost no megabyte
            private final ByteArrayOutputStream body = new ByteArrayOutputStream(
                    (int) Math.min(Math.max(declared, 0), INITIAL_BUFFER));
            private final byte[] chunk = new byte[8192];

            @Override
            public void onDataAvailable() throws IOException {
                while (!answered.get() && in.isReady()) {
                    int n = in.read(chunk);
                    if (n < 0) {
                        return;
                    }
                    if (body.size() + n > maxBytes) {
                        if (answered.compareAndSet(false, true)) {
                            refuse(request, response, 413, "HTTPRequestEntityTooLarge", tooLarge());
                            async.complete();
                        }
                        return;
                    }
                    body.write(chunk, 0, n);
                }
            }

            @Override
            public void onAllDataRead() {
                if (answered.compareAndSet(false, true)) {
                    request.setAttribute(BODY, body.toByteArray());
                    async.dispatch();
                }
            }

            @Override
            public void onError(Throwable t) {
                if (answered.compareAndSet(false, true)) {
                    async.complete();   // the client went away or broke its framing: nobody to answer
                }
            }
        });
    }

    private String tooLarge() {
        return "Request is too large: the body may have at most " + maxBytes + " bytes.";
    }

    /**
     * A Neutron error that also ends the connection. Jetty goes on reading (and discarding) what
     * the client still sends, so that the client sees the answer before the close; a client that
     * never stops sending would keep that up forever, so the connection is closed {@link #LINGER} after.
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String type,
                               String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] json = NeutronError.body(type, message).toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Connection", "close");
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
        response.flushBuffer();
        Request jetty = Request.getBaseRequest(request);
        if (jetty != null) {
            EndPoint connection = jetty.getHttpChannel().getEndPoint();
            jetty.getHttpChannel().getConnector().getScheduler()
                    .schedule(connection::close, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
