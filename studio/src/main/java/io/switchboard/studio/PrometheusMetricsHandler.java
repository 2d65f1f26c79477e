package io.switchboard.studio;

import static java.util.Objects.requireNonNull;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Enumeration;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: Prometheus's own scrape handler over Jetty, so that content negotiation
 * (Prometheus text, OpenMetrics, protobuf by the Accept header), gzip and {@code name[]} filters
 * behave exactly as in Prometheus's exporters. Unauthenticated on purpose: Prometheus scrapes
 * it, and the admin listener is on 127.0.0.1 unless configured otherwise.
 */
final class PrometheusMetricsHandler implements Request.Handler {
    private static final Logger log = LoggerFactory.getLogger(PrometheusMetricsHandler.class);

    private final PrometheusScrapeHandler scrapeHandler;

    PrometheusMetricsHandler(PrometheusMeterRegistry registry) {
        requireNonNull(registry, "registry is null");
        this.scrapeHandler = new PrometheusScrapeHandler(PrometheusProperties.get(), registry.getPrometheusRegistry());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        JettyExchange exchange = new JettyExchange(request, response, callback);
        try {
            scrapeHandler.handleRequest(exchange);
        } catch (IOException | RuntimeException e) {
            // The exchange has already failed the callback; nothing more to send.
            log.debug("Metrics scrape failed", e);
        }
        return true;
    }

    /** Prometheus's view of one Jetty request and response. */
    private static final class JettyExchange implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private Throwable failure;

        JettyExchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
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
            return request.getHttpURI().getQuery();
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return request.getHeaders().getValues(name);
        }

        @Override
        public String getMethod() {
            return request.getMethod();
        }

        @Override
        public String getRequestPath() {
            return Request.getPathInContext(request);
        }

        @Override
        public void setHeader(String name, String value) {
            response.getHeaders().put(name, value);
        }

        @Override
        public OutputStream sendHeadersAndGetBody(int status, int contentLength) {
            response.setStatus(status);
            if (contentLength > 0) {
                response.getHeaders().put("Content-Length", contentLength);
            }
            // Blocking writes are fine here: admin handlers run on Jetty's pool, never on a selector.
            return Content.Sink.asOutputStream(response);
        }

        @Override
        public void handleException(IOException e) {
            failure = e;
        }

        @Override
        public void handleException(RuntimeException e) {
            failure = e;
        }

        @Override
        public void close() {
            if (failure == null) {
                callback.succeeded();
            } else {
                callback.failed(failure);
            }
        }
    }
}
