package com.carbon254.platform.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ./platform up} as a developer starts it: plain servers, the services configured by the launcher. */
class PlatformSmokeTest extends PlatformFlows {

    @BeforeAll
    static void up() throws Exception {
        platformUp();
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void devModeConfigurationIsWritten() throws Exception {
        assertThat(Files.readString(home.resolve("dev.properties"))).contains("kafka.bootstrap.servers=");
    }
}
