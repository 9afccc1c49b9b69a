package com.carbon254.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatasetIndexTest {

    @Test
    void theDefinitionIsOnTheClasspathWithItsMapping() {
        assertThat(DatasetIndex.definition()).contains("\"mappings\"").contains("\"name\"").contains("\"tags\"");
        assertThat(DatasetIndex.generation(DatasetIndex.ALIAS, 3)).isEqualTo("datasets-v3");
    }

    @Test
    void theMigrationsAreOnTheClasspathInOrder() {
        for (String script : new String[] { "V1__read_model.sql", "V2__platform_read_models.sql",
                "V3__audit_submitter_append_only.sql" }) {
            assertThat(DatasetIndexTest.class.getResource("/" + ReadModelSchema.MIGRATIONS + "/" + script))
                    .as(script).isNotNull();
        }
    }
}
