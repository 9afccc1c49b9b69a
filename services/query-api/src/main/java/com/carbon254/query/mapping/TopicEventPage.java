package com.carbon254.query.mapping;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a topic browse, by timestamp (then partition and offset).
 *
 * @param next the cursor to pass as {@code after} for the following records; null when every partition was read up to
 *             {@code to} (or its end)
 */
@Schema(name = "TopicEventPage")
public record TopicEventPage(String topic, List<TopicEvent> events, String next) {
}
