package com.carbon254.console.ingestion;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.console.clients.QueryApi;
import com.carbon254.console.clients.QueryModels.IngestionStats;
import com.carbon254.console.clients.QueryModels.IngestionWindow;
import com.carbon254.console.clients.QueryModels.QualityStats;
import com.carbon254.console.clients.QueryModels.QualityWindow;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * {@code /ingestion?dataset=…&hours=…}: the Flink job's 5-minute event-time windows of a dataset — ingestion (query
 * API {@code /ingestion-stats}) as charts of events and records per window, data quality ({@code /quality}) as a
 * chart of the pass rate — and both as tables.
 */
@Path("/ingestion")
@RolesAllowed(Roles.DATASETS_READ)
@Produces(MediaType.TEXT_HTML)
public class IngestionResource {

    /** The longest range the query API serves. */
    static final int MAX_HOURS = 24 * 7;

    @Inject
    @RestClient
    QueryApi query;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance ingestion(String dataset, int hours, IngestionStats stats, String eventsChart,
                String recordsChart, QualityStats quality, String passRateChart);
    }

    @GET
    public Uni<TemplateInstance> ingestion(@QueryParam("dataset") String dataset,
            @QueryParam("hours") @DefaultValue("24") int hours) {
        int range = Math.max(1, Math.min(hours, MAX_HOURS));
        if (dataset == null || dataset.isBlank()) {
            return Uni.createFrom().item(Templates.ingestion(null, range, null, null, null, null, null));
        }
        Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(5));
        Instant from = to.minus(Duration.ofHours(range));
        String name = dataset.trim();
        return Uni.combine().all().unis(query.ingestion(name, from.toString(), to.toString()),
                        query.quality(name, from.toString(), to.toString()))
                .with((stats, quality) -> Templates.ingestion(name, range, stats,
                        IngestionChart.draw("Events per window", from, to, stats.windows(), IngestionWindow::eventCount),
                        IngestionChart.draw("Records per window", from, to, stats.windows(),
                                IngestionWindow::totalRecordCount),
                        quality, IngestionChart.draw("Pass rate per window (%)", from, to, quality.windows(),
                                QualityWindow::passPercent, 100)));
    }
}
