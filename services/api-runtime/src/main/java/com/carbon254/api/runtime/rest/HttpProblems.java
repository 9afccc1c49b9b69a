package com.carbon254.api.runtime.rest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.carbon254.events.runtime.json.FieldViolation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem bodies for what is refused before a request reaches a resource, where {@link ProblemMappers} cannot see it:
 * <ul>
 *   <li>a request line over {@code carbon254.http.max-request-line-length} (4096): 414; headers over
 *       {@code carbon254.http.max-header-size} (20K): 431. The HTTP layer's own limits
 *       ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set above these (64K), so
 *       that these answers, with a problem body, are what a client meets; past 64K the HTTP layer refuses the
 *       request itself, without a body;</li>
 *   <li>a URL holding a NUL character ({@code %00}) in its path or query: 400 before anything reads it (no parameter
 *       of any platform API may hold one, and PostgreSQL could not store it);</li>
 *   <li>a body declared larger than {@code quarkus.http.limits.max-body-size}: 413 before it is read (the HTTP
 *       layer's own 413 has no body);</li>
 *   <li>a request the HTTP layer fails while routing or reading it with a 4xx: the status is kept, with a problem
 *       body.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpProblems {

    /** The {@code instance} of a problem about a request whose path is not repeated (it is too long). */
    private static final String UNREAD_PATH = "(too long)";

    /** Before the audit's filter ({@code ApiCallAudit}, 100) sees the request end, after Quarkus' own set-up. */
    private static final int FILTER_PRIORITY = 90;
    private static final Logger LOG = Logger.getLogger(HttpProblems.class);

    @Inject
    ObjectMapper json;

    /** The longest request line (method, URI, version) an API accepts: longer is 414. */
    @ConfigProperty(name = "carbon254.http.max-request-line-length", defaultValue = "4096")
    int maxRequestLineLength;

    /** The most bytes of header names and values an API accepts: more is 431. */
    @ConfigProperty(name = "carbon254.http.max-header-size", defaultValue = "20K")
    MemorySize maxHeaderSize;

    /** The largest body the HTTP layer accepts; a larger declared one is refused before it is read. */
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void register(@Observes Filters filters) {
        filters.register(this::refuseUnreadable, FILTER_PRIORITY);
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
    }

    private void refuseUnreadable(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        int lineLength = request.method().name().length() + request.uri().length() + 10;
        if (lineLength > maxRequestLineLength) {
            send(routing, Problem.of(null, "URI Too Long", 414, "The request line has " + lineLength
                    + " characters; at most " + maxRequestLineLength + " are accepted", UNREAD_PATH));
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > maxHeaderSize.asLongValue()) {
            send(routing, Problem.of(null, "Request Header Fields Too Large", 431, "The headers hold " + headerBytes
                    + " bytes; at most " + maxHeaderSize.asLongValue() + " are accepted", routing.normalizedPath()));
            return;
        }
        long declared = declaredLength(routing);
        if (maxBodySize.isPresent() && declared > maxBodySize.get().asLongValue()) {
            // Quarkus would answer 413 with no body and close; the same answer, with a problem body.
            routing.response().putHeader(HttpHeaders.CONNECTION, "close");
            send(routing, Problem.of(null, "Request Entity Too Large", 413, "The request body (" + declared
                    + " bytes) is larger than this API accepts (" + maxBodySize.get().asLongValue() + " bytes)",
                    routing.normalizedPath()));
            return;
        }
        String uri = routing.request().uri();
        if (uri != null && (uri.indexOf('\0') >= 0 || uri.toLowerCase(Locale.ROOT).contains("%00"))) {
            String where = uri.indexOf('?') >= 0 && uri.toLowerCase(Locale.ROOT).indexOf("%00") > uri.indexOf('?')
                    ? "query" : "path";
            send(routing, ProblemException.invalid(List.of(new FieldViolation(where,
                    "must not contain NUL characters (%00)"))).problem(routing.normalizedPath()));
            return;
        }
        routing.next();
    }

    private static long declaredLength(RoutingContext routing) {
        String length = routing.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A failure of the HTTP layer with a 4xx status (no exception of the application: those are mapped already). */
    private void failed(RoutingContext routing) {
        int status = routing.statusCode();
        if (status < 400 || status >= 500 || routing.response().headWritten()) {
            routing.next();
            return;
        }
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        String detail = status == 413 ? "The request body is larger than this API accepts" : reason;
        send(routing, Problem.of(null, reason, status, detail, routing.normalizedPath()));
    }

    private void send(RoutingContext routing, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            LOG.warnf(e, "Problem body for %s could not be written", routing.normalizedPath());
            body = "{\"status\":" + problem.status() + "}";
        }
        routing.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
