package com.carbon254.dataset.command.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class DatasetTest {

    private static final DatasetState STATE = new DatasetState("sales.orders", null, "team-sales", "iceberg",
            "s3://lake/orders", List.of("sales"), List.of(new ColumnDefinition("id", "bigint", false, null)), null);

    @Test
    void startsAtVersionOneAndActive() {
        Dataset dataset = Dataset.register(UUID.randomUUID(), STATE, "alice", Instant.EPOCH);
        assertThat(dataset.version()).isEqualTo(1);
        assertThat(dataset.state().status()).isEqualTo(DatasetStatus.ACTIVE);
        assertThat(dataset.versionAfterDeletion()).isEqualTo(2);
    }

    @Test
    void anUpdateMakesOneVersionAndNamesTheChangedFields() {
        Dataset dataset = Dataset.register(UUID.randomUUID(), STATE, "alice", Instant.EPOCH);
        DatasetState next = new DatasetState("sales.orders", "Orders", "team-sales", "iceberg", "s3://lake/orders",
                List.of("sales", "pii"), List.of(new ColumnDefinition("id", "bigint", true, null)),
                DatasetStatus.DEPRECATED);

        List<String> changed = dataset.update(next, "bob", Instant.EPOCH.plusSeconds(1));

        assertThat(changed).containsExactly("description", "tags", "columns", "status");
        assertThat(dataset.version()).isEqualTo(2);
        assertThat(dataset.isAtVersion(2)).isTrue();
        assertThat(dataset.updatedBy()).isEqualTo("bob");
        assertThat(dataset.update(next, "bob", Instant.EPOCH)).isEmpty();
        assertThat(dataset.version()).isEqualTo(3);
    }
}
