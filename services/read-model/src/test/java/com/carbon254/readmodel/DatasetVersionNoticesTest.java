package com.carbon254.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class DatasetVersionNoticesTest {

    @Test
    void whatIsAnnouncedReadsBack() {
        Map<String, Long> versions = new LinkedHashMap<>();
        versions.put("0b9f3c1e-6f2a-4c7e-9a51-2d8f1c0e7b44", 3L);
        versions.put("sales.orders", 12L);

        List<String> payloads = DatasetVersionNotices.payloads(versions);

        assertThat(payloads).hasSize(1);
        assertThat(DatasetVersionNotices.parse(payloads.get(0))).isEqualTo(versions);
    }

    @Test
    void aLargeBatchIsSplitUnderPostgresLimitAndNothingIsLost() {
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            versions.put(UUID.randomUUID().toString(), (long) i);
        }

        List<String> payloads = DatasetVersionNotices.payloads(versions);

        assertThat(payloads).hasSizeGreaterThan(1)
                .allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000));
        Map<String, Long> read = new HashMap<>();
        payloads.forEach(p -> read.putAll(DatasetVersionNotices.parse(p)));
        assertThat(read).isEqualTo(versions);
    }

    @Test
    void idsWithWhitespaceAreLeftOutAndForeignLinesSkipped() {
        assertThat(DatasetVersionNotices.payloads(Map.of("two words", 1L))).isEmpty();
        assertThat(DatasetVersionNotices.parse("a 1\nnot-a-line\nb x\n c")).isEqualTo(Map.of("a", 1L));
        assertThat(DatasetVersionNotices.parse(null)).isEmpty();
    }
}
