package com.carbon254.projector.messaging;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

/**
 * What the configuration says about each {@link ProjectionChannel}: its consumer group and the topics it reads
 * ({@code topic}, or the {@code topics} list, or the channel name, as the connector resolves them).
 */
@ApplicationScoped
public class ProjectionChannels {

    private static final String PREFIX = "mp.messaging.incoming.";

    @Inject
    Config config;

    /** The channel whose consumer group this is. */
    public Optional<ProjectionChannel> byGroupId(String groupId) {
        return Arrays.stream(ProjectionChannel.values())
                .filter(c -> groupId != null && groupId.equals(groupId(c)))
                .findFirst();
    }

    /** The consumer group of a channel. */
    public String groupId(ProjectionChannel channel) {
        return config.getOptionalValue(PREFIX + channel.channel() + ".group.id", String.class).orElse(null);
    }

    /** The topics a channel reads. */
    public List<String> topics(ProjectionChannel channel) {
        Optional<String> topic = config.getOptionalValue(PREFIX + channel.channel() + ".topic", String.class);
        if (topic.isPresent()) {
            return List.of(topic.get().trim());
        }
        return config.getOptionalValue(PREFIX + channel.channel() + ".topics", String.class)
                .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList())
                .orElse(List.of(channel.channel()));
    }
}
