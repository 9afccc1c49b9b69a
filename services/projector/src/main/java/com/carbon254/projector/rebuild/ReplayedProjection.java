package com.carbon254.projector.rebuild;

import java.util.List;
import java.util.function.Function;

import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Projection;

/**
 * One projection of a read model as its replay runs it.
 *
 * @param liveName   the live projection's name (its positions, its switch lock)
 * @param topics     the topics it reads
 * @param projection the same projection writing the replay's tables, with positions under the replay's name
 * @param reading    what it makes of a consumed catalog record (its value an Avro event; poison as read)
 * @param <V>        the value type the projection takes
 */
public record ReplayedProjection<V>(String liveName, List<String> topics, Projection<V> projection,
        Function<ConsumedRecord<Object>, ConsumedRecord<V>> reading) {

    public ReplayedProjection {
        topics = List.copyOf(topics);
    }
}
