package dev.muon.controller.metrics;

import dev.muon.northbound.Monitoring;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scrape of the registry by the Prometheus client's own handler (format by Accept header, gzip,
 * {@code name[]} filters), answered through the API's HTTP server rather than one of its own.
 */
public final class PrometheusScrape {
    private final PrometheusScrapeHandler handler;

    public PrometheusScrape(PrometheusRegistry registry) {
        this.handler = new PrometheusScrapeHandler(registry);
    }

    public Monitoring.Scrape scrape(String query, Map<String, List<String>> headers) throws IOException {
        Exchange exchange = new Exchange(query, headers);
        handler.handleRequest(exchange);
        return new Monitoring.Scrape(exchange.status, exchange.responseHeaders, exchange.body.toByteArray());
    }

    private static final class Exchange implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {
        private final String query;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final Map<String, String> responseHeaders = new LinkedHashMap<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status = 500;

        Exchange(String query, Map<String, List<String>> headers) {
            this.query = query;
            headers.forEach((name, values) -> this.headers.put(name.toLowerCase(java.util.Locale.ROOT), values));
        }

        @Override
        public PrometheusHttpRequest getRequest() {
            return this;
        }

        @Override
        public PrometheusHttpResponse getResponse() {
            return this;
        }

        @Override
        public String getQueryString() {
            return query;
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return Collections.enumeration(headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of()));
        }

        @Override
        public String getMethod() {
            return "GET";
        }

        @Override
        public String getRequestPath() {
            return "/metrics";
        }

        @Override
        public void setHeader(String name, String value) {
            responseHeaders.put(name, value);
        }

        @Override
        public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
            status = statusCode;
            return body;
        }

        @Override
        public void handleException(IOException e) throws IOException {
            throw e;
        }

        @Override
        public void handleException(RuntimeException e) {
            throw e;
        }

        @Override
        public void close() {
        }
    }
}
