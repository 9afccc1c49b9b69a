package com.carbon254.projector.servicehealth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.system.ConfigChangeEvent;
import com.carbon254.events.system.DeploymentEvent;
import com.carbon254.events.system.ServiceHealthEvent;
import com.carbon254.projector.ProjectorConfig;

import com.carbon254.projector.pipeline.EventProjection;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.ProjectedBatch;
import com.carbon254.projector.pipeline.UnexpectedEvents;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * {@code system-health}, {@code deployment-events}, {@code config-changes} → {@code service_status} and
 * {@code service_timeline}.
 *
 * <p>Health rules, per service (namespace + name), in consumption order against the stored row:
 * <ul>
 * <li>the event that is already the row's last one is a duplicate;</li>
 * <li>an event older (event time) than the row's {@code reported_at} is stale: the row keeps its newer state and no
 *     timeline entry is written for it;</li>
 * <li>otherwise it becomes the latest status; when its status differs from the stored one (or the service is new),
 *     a HEALTH_TRANSITION entry is added and {@code status_since} moves to its event time.</li>
 * </ul>
 * Deployments and configuration changes each add an entry (sensitive values masked). Entries are keyed by eventId,
 * so redeliveries collapse; each touched service keeps its newest
 * {@code carbon254.projector.service-timeline.max-entries} entries.
 */
@ApplicationScoped
public class ServiceHealthProjection extends EventProjection {

    /** The projection's name and channel. */
    public static final String NAME = "service-health";

    @Inject
    ServiceHealthStore store;

    @Inject
    ProjectorConfig config;

    ServiceHealthProjection() {
        super(NAME);
    }

    @Override
    protected Uni<ProjectedBatch<SpecificRecord>> write(SqlConnection tx, List<ConsumedRecord<SpecificRecord>> records,
            Generation generation) {
        Set<ServiceStatus.Key> healthKeys = new LinkedHashSet<>();
        for (ConsumedRecord<SpecificRecord> record : records) {
            if (record.value() instanceof ServiceHealthEvent e) {
                healthKeys.add(new ServiceStatus.Key(e.getNamespace(), e.getServiceName()));
            }
        }
        return store.lockStatuses(tx, generation, healthKeys).chain(stored -> {
            ProjectedBatch<SpecificRecord> batch = new ProjectedBatch<>();
            Map<ServiceStatus.Key, ServiceStatus> working = new HashMap<>(stored);
            Map<ServiceStatus.Key, ServiceStatus> changed = new LinkedHashMap<>();
            List<TimelineEntry> timeline = new ArrayList<>();
            for (ConsumedRecord<SpecificRecord> record : records) {
                SpecificRecord value = record.value();
                if (record.isPoison()) {
                    batch.reject(record, record.poisonReason());
                } else if (value instanceof ServiceHealthEvent e) {
                    ServiceStatus.Key key = new ServiceStatus.Key(e.getNamespace(), e.getServiceName());
                    ServiceStatus current = working.get(key);
                    if (current != null && current.lastEventId().equals(e.getEventId())) {
                        batch.count(Outcome.DUPLICATE);
                    } else if (current != null && e.getTimestamp().isBefore(current.reportedAt())) {
                        batch.count(Outcome.STALE);
                    } else {
                        String status = e.getHealthStatus().name();
                        boolean transition = current == null || !current.healthStatus().equals(status);
                        ServiceStatus next = new ServiceStatus(e.getNamespace(), e.getServiceName(), status,
                                e.getLatencyMs(), e.getErrorRate(), e.getMessage(), e.getTimestamp(),
                                transition ? e.getTimestamp() : current.statusSince(), e.getEventId(),
                                record.source());
                        if (transition) {
                            timeline.add(ServiceTimelineEntries.transition(e, current, record.source()));
                        }
                        working.put(key, next);
                        changed.put(key, next);
                        batch.count(Outcome.APPLIED);
                    }
                } else if (value instanceof DeploymentEvent e) {
                    timeline.add(ServiceTimelineEntries.deployment(e, record.source()));
                    batch.count(Outcome.APPLIED);
                } else if (value instanceof ConfigChangeEvent e) {
                    timeline.add(ServiceTimelineEntries.configChange(e, record.source()));
                    batch.count(Outcome.APPLIED);
                } else {
                    batch.reject(record, UnexpectedEvents.reason(record));
                }
            }
            Set<ServiceStatus.Key> touched = new LinkedHashSet<>();
            timeline.forEach(t -> touched.add(new ServiceStatus.Key(t.namespace(), t.serviceName())));
            return store.upsertStatuses(tx, generation, changed.values())
                    .call(() -> store.insertTimeline(tx, generation, timeline))
                    .call(() -> store.trimTimeline(tx, generation, touched, config.serviceTimeline().maxEntries()))
                    .replaceWith(batch);
        });
    }
}
