package com.carbon254.events.runtime.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Names the dead-letter topic of every incoming channel after the topic it reads: a channel reading {@code t} sends
 * its dead letters to {@code t.dlq} ({@link TopicDefinition#deadLetterTopic()}), which provisioning created. Without
 * this, SmallRye would write them to {@code dead-letter-topic-<channel>}, a topic that does not exist (the brokers do
 * not create topics on demand).
 *
 * <p>It answers {@code mp.messaging.incoming.<channel>.dead-letter-queue.topic} only when no configuration source
 * does, and only for a channel that reads one catalog topic ({@code topic}, or a {@code topics} list of one, or the
 * channel name itself); an explicit setting always wins.
 */
@Priority(Priorities.APPLICATION)
public class DeadLetterTopicConvention implements ConfigSourceInterceptor {

    private static final String PREFIX = "mp.messaging.incoming.";
    private static final Pattern DEAD_LETTER_TOPIC =
            Pattern.compile(Pattern.quote(PREFIX) + "(.+)\\.dead-letter-queue\\.topic");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue configured = context.proceed(name);
        if (configured != null || !name.startsWith(PREFIX)) {
            return configured;
        }
        Matcher matcher = DEAD_LETTER_TOPIC.matcher(name);
        if (!matcher.matches()) {
            return null;
        }
        String channel = matcher.group(1);
        return TopicCatalog.byName(topicOf(context, channel))
                .filter(topic -> !topic.isDeadLetter())
                .map(topic -> ConfigValue.builder()
                        .withName(name)
                        .withValue(topic.deadLetterTopic())
                        .withConfigSourceName("carbon254 dead-letter convention (" + getClass().getName() + ")")
                        .build())
                .orElse(null);
    }

    private static String topicOf(ConfigSourceInterceptorContext context, String channel) {
        ConfigValue topic = context.proceed(PREFIX + channel + ".topic");
        if (topic != null && topic.getValue() != null) {
            return topic.getValue().trim();
        }
        ConfigValue topics = context.proceed(PREFIX + channel + ".topics");
        if (topics != null && topics.getValue() != null) {
            String list = topics.getValue().trim();
            return list.contains(",") ? null : list;
        }
        return channel;
    }
}
