package com.carbon254.query.service;

import com.carbon254.api.runtime.rest.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.Dataset;
import com.carbon254.query.mapping.DatasetEvent;
import com.carbon254.query.mapping.DatasetMapper;
import com.carbon254.query.mapping.DatasetPage;
import com.carbon254.query.repository.DatasetEventView;
import com.carbon254.query.repository.DatasetEventViewRepository;
import com.carbon254.query.repository.DatasetView;
import com.carbon254.query.repository.DatasetViewRepository;
import com.carbon254.query.repository.ProjectedVersions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Reads of the PostgreSQL read model: current state (optionally waiting for a version), lists, history and
 * as-of state folded from the history.
 */
@ApplicationScoped
public class DatasetQueryService {

    /** Fields a list can be sorted by (API name → entity attribute). */
    static final Map<String, String> SORTABLE = Map.of("name", "name", "owner", "owner", "status", "status",
            "format", "format", "createdAt", "createdAt", "updatedAt", "updatedAt", "version", "version");

    /** The application's JSON mapper (Quarkus' own, with the platform's customizations). */
    @Inject
    ObjectMapper json;

    @Inject
    DatasetViewRepository datasets;

    @Inject
    DatasetEventViewRepository events;

    @Inject
    QueryConfig config;

    @Inject
    ProjectedVersions projected;

    /** The current state; 404 if unknown or deleted. */
    public Uni<Dataset> get(String id) {
        return Panache.withSession(() -> datasets.findById(id)).map(row -> visible(id, row));
    }

    /**
     * The current state once the read model holds version {@code minVersion} or later (read-your-writes for a
     * client that just got that version from the command side). Waits without blocking for at most
     * {@code carbon254.query.min-version-timeout}: it looks again as soon as the projector announces the version
     * ({@link ProjectedVersions}); it also polls, every {@code min-version-poll-max} while the announcements arrive,
     * and otherwise with backoff from {@code min-version-poll-initial} to {@code min-version-poll-max}.
     *
     * <p>Outcomes: 200 at version ≥ N; 404 if that state is a deletion; 409 if the dataset was deleted at a lower
     * version (deleted datasets take no new version, so waiting cannot help); 504 when the wait runs out, saying
     * which version is visible.
     */
    public Uni<Dataset> getAtLeast(String id, long minVersion) {
        AtomicReference<DatasetView> lastSeen = new AtomicReference<>();
        long deadline = System.nanoTime() + config.minVersionTimeout().toNanos();
        return lookUntilReached(id, minVersion, Vertx.currentContext(), deadline, config.minVersionPollInitial(),
                lastSeen)
                .map(row -> visible(id, row));
    }

    /**
     * One look at the read model, and if the version is not there yet, a wait for its announcement (or the pause)
     * and the next look. The wait is registered before the look, so an announcement made while looking is not missed.
     */
    private Uni<DatasetView> lookUntilReached(String id, long minVersion, Context context, long deadline,
                                              Duration pause, AtomicReference<DatasetView> lastSeen) {
        return Uni.createFrom().deferred(() -> {
            ProjectedVersions.Wait wait = projected.await(id, minVersion);
            Uni<DatasetView> look = Uni.createFrom().deferred(() -> Panache.withSession(() -> datasets.findById(id)));
            if (context != null) {
                // A next look starts from a timer or a notification: it must run on this request's Vert.x context.
                look = look.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
            }
            return look.invoke(lastSeen::set)
                    .map(row -> reached(id, row, minVersion))
                    .onItemOrFailure().transformToUni((row, failure) -> {
                        if (!(failure instanceof NotYetVisible)) {
                            wait.cancel();
                            return failure == null ? Uni.createFrom().item(row) : Uni.createFrom().failure(failure);
                        }
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            wait.cancel();
                            return Uni.createFrom().failure(timedOut(id, minVersion, lastSeen.get()));
                        }
                        Duration next = pause.multipliedBy(2).compareTo(config.minVersionPollMax()) > 0
                                ? config.minVersionPollMax() : pause.multipliedBy(2);
                        // While notices arrive, the announcement ends the wait and the poll is only a safety net:
                        // looking again every few milliseconds would only cost looks (a session and a query each).
                        Duration poll = projected.isListening() ? config.minVersionPollMax() : pause;
                        return wait.announcedOr(Duration.ofNanos(Math.min(left, poll.toNanos())))
                                .eventually(wait::cancel)
                                .chain(() -> lookUntilReached(id, minVersion, context, deadline, next, lastSeen));
                    })
                    // A client that goes away while the look runs leaves no wait behind.
                    .onCancellation().invoke(wait::cancel);
        });
    }

    private static DatasetView reached(String id, DatasetView row, long minVersion) {
        if (row != null && row.version >= minVersion) {
            return row;
        }
        if (row != null && row.deleted) {
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("datasetId", id);
            ext.put("visibleVersion", row.version);
            ext.put("requestedVersion", minVersion);
            throw QueryProblems.with(QueryProblems.VERSION_UNREACHABLE.exception("dataset " + id + " was deleted at version "
                    + row.version + " and will never reach version " + minVersion), ext);
        }
        throw new NotYetVisible();
    }

    private static ProblemException timedOut(String id, long minVersion, DatasetView seen) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("datasetId", id);
        ext.put("requestedVersion", minVersion);
        ext.put("visibleVersion", seen == null ? null : seen.version);
        return QueryProblems.with(QueryProblems.VERSION_NOT_VISIBLE.exception(seen == null
                ? "dataset " + id + " is not in the read model yet; version " + minVersion + " was not visible in time"
                : "the read model shows version " + seen.version + " of dataset " + id + "; version " + minVersion
                        + " was not visible in time"), ext);
    }

    private Dataset visible(String id, DatasetView row) {
        if (row == null) {
            throw QueryProblems.DATASET_NOT_FOUND.exception("no dataset " + id);
        }
        if (row.deleted) {
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("datasetId", id);
            ext.put("deletedAtVersion", row.version);
            ext.put("deletedAt", row.deletedAt == null ? null : row.deletedAt.toInstant().toString());
            throw QueryProblems.with(QueryProblems.DATASET_NOT_FOUND.exception("dataset " + id + " was deleted at version "
                    + row.version), ext);
        }
        return DatasetMapper.toDataset(row, json);
    }

    /** The state a dataset had at {@code asOf}: its history up to then, folded; 404 if it did not exist then. */
    public Uni<Dataset> asOf(String id, Instant asOf) {
        return Panache.withSession(() -> events.historyUntil(id, asOf.atOffset(ZoneOffset.UTC)))
                .map(history -> fold(id, asOf, history));
    }

    /**
     * Folds events in version order, with the projector's rules: Created and Updated carry the full state, the
     * creation info comes from Created, Deleted ends the dataset.
     */
    Dataset fold(String id, Instant asOf, List<DatasetEventView> history) {
        Dataset state = null;
        Instant createdAt = null;
        String createdBy = null;
        DatasetEventView deletion = null;
        for (DatasetEventView event : history) {
            JsonNode p = DatasetMapper.json(event.payloadJson, json);
            Instant at = event.occurredAt.toInstant();
            switch (event.eventType) {
                case "DatasetCreated" -> {
                    createdAt = at;
                    createdBy = DatasetMapper.text(p, "createdBy");
                    state = stateOf(event, p, createdAt, createdBy, createdBy);
                    deletion = null;
                }
                case "DatasetUpdated" -> {
                    state = stateOf(event, p, createdAt, createdBy, DatasetMapper.text(p, "updatedBy"));
                    deletion = null;
                }
                case "DatasetDeleted" -> {
                    state = null;
                    deletion = event;
                }
                default -> {
                    // Not a lifecycle event: the projector never stores one.
                }
            }
        }
        if (state == null) {
            throw QueryProblems.DATASET_NOT_FOUND.exception(deletion != null
                    ? "dataset " + id + " had been deleted by " + asOf + " (at version " + deletion.datasetVersion + ")"
                    : "dataset " + id + " did not exist at " + asOf);
        }
        return state;
    }

    private static Dataset stateOf(DatasetEventView event, JsonNode p, Instant createdAt, String createdBy,
            String updatedBy) {
        return new Dataset(event.datasetId, event.datasetVersion, DatasetMapper.text(p, "name"),
                DatasetMapper.text(p, "description"), DatasetMapper.text(p, "owner"), DatasetMapper.text(p, "format"),
                DatasetMapper.text(p, "location"), DatasetMapper.strings(p.get("tags")),
                DatasetMapper.columns(p.get("columns")), DatasetMapper.text(p, "status"), createdAt, createdBy,
                event.occurredAt.toInstant(), updatedBy);
    }

    /** A page of live datasets. {@code sort}: a field name, {@code -field} or {@code field,desc}; default name. */
    public Uni<DatasetPage> list(DatasetViewRepository.Filter filter, String sort, Integer page, Integer size) {
        int pageIndex = page == null ? 0 : page;
        int pageSize = size == null ? config.defaultPageSize() : size;
        if (pageIndex < 0) {
            throw QueryProblems.badRequest("page must be 0 or more (pages are numbered from 0), got " + pageIndex);
        }
        if (pageSize < 1 || pageSize > config.maxPageSize()) {
            throw QueryProblems.badRequest("size must be between 1 and " + config.maxPageSize() + ", got " + pageSize);
        }
        Sort order = sortOf(sort);
        return Panache.withSession(() -> datasets.list(filter, order, pageIndex, pageSize))
                .map(result -> new DatasetPage(result.items().stream().map(row -> DatasetMapper.toDataset(row, json)).toList(),
                        pageIndex, pageSize, result.total(), (int) ((result.total() + pageSize - 1) / pageSize)));
    }

    static Sort sortOf(String sort) {
        if (sort == null || sort.isBlank()) {
            return Sort.by("name").and("id");
        }
        String field = sort.trim();
        Sort.Direction direction = Sort.Direction.Ascending;
        if (field.startsWith("-")) {
            field = field.substring(1);
            direction = Sort.Direction.Descending;
        } else if (field.contains(",")) {
            String[] parts = field.split(",", 2);
            field = parts[0].trim();
            String dir = parts[1].trim().toLowerCase();
            if (!Set.of("asc", "desc").contains(dir)) {
                throw QueryProblems.badRequest("sort direction must be asc or desc, got '" + parts[1] + "'");
            }
            direction = dir.equals("desc") ? Sort.Direction.Descending : Sort.Direction.Ascending;
        }
        String attribute = SORTABLE.get(field);
        if (attribute == null) {
            throw QueryProblems.badRequest("cannot sort by '" + field + "'; sortable: " + SORTABLE.keySet());
        }
        return Sort.by(attribute, direction).and("id");
    }

    /** Every event of a dataset in version order; 404 if it has none. */
    public Uni<List<DatasetEvent>> history(String id) {
        return Panache.withSession(() -> events.history(id)).map(rows -> {
            if (rows.isEmpty()) {
                throw QueryProblems.DATASET_NOT_FOUND.exception("no events for dataset " + id);
            }
            return rows.stream().map(row -> DatasetMapper.toEvent(row, json)).toList();
        });
    }

    /** The read model is not yet at the wanted version (retried until the wait runs out). */
    static final class NotYetVisible extends RuntimeException {
        NotYetVisible() {
            super(null, null, false, false);
        }
    }
}
