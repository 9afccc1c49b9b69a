package com.carbon254.projector.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

/**
 * The live projections (every {@link Projection} bean) and what the configuration says about each one's channel: its
 * consumer group and the topics it reads ({@code topic}, or the {@code topics} list, or the channel name, as the
 * connector resolves them).
 */
@ApplicationScoped
public class ProjectionRegistry {

    private static final String PREFIX = "mp.messaging.incoming.";

    @Inject
    @Any
    Instance<Projection<?>> beans;

    @Inject
    Config config;

    private volatile List<Projection<?>> projections;

    /** Every live projection, by name. */
    public List<Projection<?>> all() {
        List<Projection<?>> all = projections;
        if (all == null) {
            List<Projection<?>> found = new ArrayList<>();
            beans.forEach(found::add);
            found.sort(Comparator.comparing(Projection::name));
            projections = all = List.copyOf(found);
        }
        return all;
    }

    /** The projection whose channel consumes as this group. */
    public Optional<Projection<?>> byGroupId(String groupId) {
        return all().stream().filter(p -> groupId != null && groupId.equals(groupId(p))).findFirst();
    }

    /** The consumer group of a projection's channel. */
    public String groupId(Projection<?> projection) {
        return config.getOptionalValue(PREFIX + projection.channel() + ".group.id", String.class).orElse(null);
    }

    /** The topics a projection's channel reads. */
    public List<String> topics(Projection<?> projection) {
        String channel = projection.channel();
        Optional<String> topic = config.getOptionalValue(PREFIX + channel + ".topic", String.class);
        if (topic.isPresent()) {
            return List.of(topic.get().trim());
        }
        return config.getOptionalValue(PREFIX + channel + ".topics", String.class)
                .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList())
                .orElse(List.of(channel));
    }
}
