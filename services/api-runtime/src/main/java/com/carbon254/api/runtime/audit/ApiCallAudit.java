package com.carbon254.api.runtime.audit;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.carbon254.events.audit.ApiCallEvent;
import com.carbon254.events.common.Outcome;
import com.carbon254.events.runtime.EventContext;
import com.carbon254.events.system.SecurityEvent;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * Audits every call to this service's API: once the response is sent, an {@code ApiCall} event (actor, method, route
 * template, status, latency, outcome, client) goes to {@code audit-api-calls}; a call refused with 401 or 403 also
 * gives a {@code Security} event on {@code security-events}. Publishing happens after the response and never holds it
 * up ({@link AuditPublisher}). Paths under {@code carbon254.audit.unaudited-path-prefixes} (health, metrics, OpenAPI)
 * are not audited.
 */
@ApplicationScoped
public class ApiCallAudit {

    /** Routing-context key under which the problem mappers leave why a call was refused. */
    public static final String REFUSAL_REASON = "carbon254.audit.refusal-reason";
    /** Request header carrying the client's request id. */
    public static final String REQUEST_ID = "X-Request-Id";
    /** Request (and response) header carrying the flow's correlation id. */
    public static final String CORRELATION_ID = "X-Correlation-Id";

    /** Where Quarkus REST leaves the matched route template for the HTTP metrics (request-context local data). */
    private static final String ROUTE_TEMPLATE = "UrlPathTemplate";
    /** The {@code path} of a call no route matched (an unknown path, a request refused before routing). */
    public static final String UNMATCHED_ROUTE = "(unmatched)";
    // The limits of the ApiCall and Security contracts (path and resource 512, userAgent 1024, ids 255).
    private static final int MAX_ROUTE_LENGTH = 400;
    private static final int MAX_USER_AGENT_LENGTH = 1024;
    private static final int MAX_ID_LENGTH = 255;

    /** Before the application's routes, after Quarkus' own request set-up filters. */
    private static final int FILTER_PRIORITY = 100;

    @Inject
    AuditPublisher publisher;

    @ConfigProperty(name = "carbon254.audit.unaudited-path-prefixes", defaultValue = "/q/")
    List<String> unauditedPrefixes;

    void register(@Observes Filters filters) {
        filters.register(this::observe, FILTER_PRIORITY);
    }

    private void observe(RoutingContext routing) {
        String path = routing.normalizedPath();
        if (unauditedPrefixes.stream().noneMatch(path::startsWith)) {
            long start = System.nanoTime();
            routing.addEndHandler(ended -> audit(routing, start));
        }
        routing.next();
    }

    private void audit(RoutingContext routing, long start) {
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        HttpServerRequest request = routing.request();
        int status = routing.response().getStatusCode();
        String actor = bounded(actorOf(routing), MAX_ID_LENGTH);
        String route = routeTemplate(request);
        String clientIp = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String userAgent = bounded(request.getHeader("User-Agent"), MAX_USER_AGENT_LENGTH);
        String correlationId = bounded(firstOf(routing.response().headers().get(CORRELATION_ID),
                request.getHeader(CORRELATION_ID)), MAX_ID_LENGTH);
        String requestId = bounded(firstOf(request.getHeader(REQUEST_ID), correlationId), MAX_ID_LENGTH);
        EventContext context = new EventContext(correlationId, null);

        // The envelope (eventId, timestamp, source, version) is completed by the publisher.
        ApiCallEvent call = new ApiCallEvent();
        call.setActor(actor);
        call.setService(publisher.service());
        call.setMethod(request.method().name());
        call.setPath(route);
        call.setStatusCode(status);
        call.setLatencyMs(latencyMs);
        call.setOutcome(outcomeOf(status));
        call.setClientIp(clientIp);
        call.setUserAgent(userAgent);
        call.setRequestId(requestId);
        publisher.publishInBackground(call, context);

        if (status == 401 || status == 403) {
            String reason = routing.get(REFUSAL_REASON);
            SecurityEvent refusal = new SecurityEvent();
            refusal.setPrincipal(actor);
            refusal.setAction(status == 401 ? "AUTHENTICATE" : "AUTHORIZE");
            refusal.setOutcome(status == 401 ? Outcome.FAILURE : Outcome.DENIED);
            refusal.setResource(publisher.service() + " " + request.method().name() + " " + route);
            refusal.setClientIp(clientIp);
            refusal.setUserAgent(userAgent);
            refusal.setAuthMethod("bearer-jwt");
            refusal.setReason(reason != null ? reason
                    : status == 401 ? "no valid bearer token" : "the token lacks the required role");
            publisher.publishInBackground(refusal, context);
        }
    }

    /** DENIED for 401 and 403, FAILURE for the other 4xx and 5xx, SUCCESS otherwise. */
    static Outcome outcomeOf(int status) {
        if (status == 401 || status == 403) {
            return Outcome.DENIED;
        }
        return status >= 400 ? Outcome.FAILURE : Outcome.SUCCESS;
    }

    /** The authenticated caller: set on the routing context once its token was verified. */
    private static String actorOf(RoutingContext routing) {
        return routing.user() instanceof QuarkusHttpUser user ? Actors.of(user.getSecurityIdentity()) : Actors.ANONYMOUS;
    }

    /**
     * The matched route template (ids left out, e.g. {@code /datasets/{id}}), or {@value #UNMATCHED_ROUTE} when no
     * route matched: never the raw path, which the client chooses (any length, any characters) and which the audit
     * trail indexes.
     */
    private static String routeTemplate(HttpServerRequest request) {
        if (request instanceof HttpServerRequestInternal internal && internal.context() != null) {
            Object template = internal.context().getLocal(ROUTE_TEMPLATE);
            if (template instanceof String matched && !matched.isBlank()) {
                return bounded(matched, MAX_ROUTE_LENGTH);
            }
        }
        return UNMATCHED_ROUTE;
    }

    /** A client-chosen text as the audit may record it: at most {@code max} characters, without NUL. */
    static String bounded(String text, int max) {
        if (text == null) {
            return null;
        }
        String storable = text.replace('\0', '\uFFFD');
        return storable.length() <= max ? storable : storable.substring(0, max);
    }

    private static String firstOf(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }
}
