package com.carbon254.projector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import com.carbon254.events.runtime.json.AvroJson;
import com.carbon254.projector.datasets.DatasetChange;
import com.carbon254.projector.datasets.DatasetChanges;
import com.carbon254.projector.datasets.DatasetFold;
import com.carbon254.projector.datasets.DatasetState;
import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.SourcePosition;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The projection rules without any server: order independence, idempotence, and the history payload round trip. */
class DatasetFoldTest {

    private static final SourcePosition HERE = new SourcePosition("data-events", 0, 0, null);

    @Test
    void anyDeliveryOrderWithRedeliveriesGivesTheSameState() {
        List<SpecificRecord> events = List.of(TestEvents.created("d", "o1"), TestEvents.updated("d", 2, "o2"),
                TestEvents.updated("d", 3, "o3"), TestEvents.updated("d", 4, "o4"));
        DatasetState inOrder = fold(events);
        Random random = new Random(254);
        for (int run = 0; run < 200; run++) {
            List<SpecificRecord> shuffled = new ArrayList<>(events);
            for (int i = 0; i < 3; i++) {
                shuffled.add(events.get(random.nextInt(events.size()))); // redeliveries
            }
            Collections.shuffle(shuffled, random);
            assertThat(fold(shuffled)).isEqualTo(inOrder);
        }
    }

    @Test
    void nothingFollowsADeletion() {
        DatasetState deleted = fold(List.of(TestEvents.created("d", "o"), TestEvents.deleted("d", 2)));
        DatasetFold.Result late = DatasetFold.apply(deleted, change(TestEvents.updated("d", 3, "o")));
        assertThat(late.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(late.rejection()).contains("deleted at version 2");
        assertThat(DatasetFold.apply(deleted, change(TestEvents.updated("d", 2, "o"))).outcome())
                .isEqualTo(Outcome.STALE);
    }

    @Test
    void storedHistoryReadsBackAsTheSameChange() throws Exception {
        // Through Avro binary, as the deserializer produces it (GenericData.Array lists, not java.util.List)
        SpecificRecord event = roundTrip(TestEvents.updated("d", 2, "o"));
        DatasetChange change = change(event);
        String payload = AvroJson.toJsonText(event);
        DatasetChange back = DatasetChanges.fromPayload(new ObjectMapper().readTree(payload), HERE);
        assertThat(back.attributes()).isEqualTo(change.attributes());
        assertThat(back.actor()).isEqualTo("bob");
        assertThat(new ObjectMapper().readTree(payload).get("tags").isArray()).isTrue();
    }

    private static DatasetState fold(List<SpecificRecord> events) {
        DatasetState state = null;
        Set<String> seen = new HashSet<>();
        for (SpecificRecord event : events) {
            DatasetChange change = change(event);
            if (!seen.add(change.eventId())) {
                continue; // the projection drops redeliveries by eventId before folding
            }
            state = DatasetFold.apply(state, change).state();
        }
        return state;
    }

    private static DatasetChange change(SpecificRecord event) {
        return DatasetChanges.of(event, HERE);
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T roundTrip(T record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return (T) new SpecificDatumReader<T>(record.getSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
