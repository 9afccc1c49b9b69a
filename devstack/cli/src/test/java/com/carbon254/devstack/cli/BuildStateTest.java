package com.carbon254.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./platform up} builds when an output is missing or a module's sources changed after its last build. */
class BuildStateTest {

    private static final Instant BUILT = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path root;

    @BeforeEach
    void aBuiltCheckout() throws IOException {
        for (PlatformApplication app : PlatformApplication.ALL) {
            file(app.module() + "/pom.xml", BUILT.minusSeconds(60));
            file(app.module() + "/src/main/java/App.java", BUILT.minusSeconds(60));
            file(root.relativize(app.runner(root)).toString(), BUILT);
        }
        for (PlatformJob job : PlatformJob.ALL) {
            file(job.module() + "/pom.xml", BUILT.minusSeconds(60));
            file(job.module() + "/src/main/java/Job.java", BUILT.minusSeconds(60));
            file(job.module() + "/" + job.classpathFile(), BUILT);
        }
        file("services/event-runtime/pom.xml", BUILT.minusSeconds(60));
        file("services/event-runtime/src/main/java/Library.java", BUILT.minusSeconds(60));
        file("services/event-runtime/target/classes/Library.class", BUILT);
        file("platform-setup/target/platform-setup.jar", BUILT);
        file("deploy/target/manifests/00-namespace.yml", BUILT);
        file("pom.xml", BUILT.minusSeconds(60));
        file("src/main/kubernetes/10-kafka.yml", BUILT.minusSeconds(60));
    }

    @Test
    void aCheckoutBuiltFromItsSourcesNeedsNoBuild() throws IOException {
        // a test source changed later does not matter to what up runs
        file("services/event-runtime/src/test/java/LibraryTest.java", BUILT.plusSeconds(60));
        assertThat(BuildState.whyBuild(root)).isEmpty();
    }

    @Test
    void aMissingRunnerIsBuilt() throws IOException {
        Files.delete(PlatformApplication.ALL.get(0).runner(root));
        assertThat(BuildState.whyBuild(root)).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo(PlatformApplication.ALL.get(0).module() + "/target/quarkus-app/quarkus-run.jar is not built"));
    }

    @Test
    void aSourceChangedAfterItsModuleWasBuiltIsBuiltAndNamed() throws IOException {
        String job = PlatformJob.ALL.get(0).module();
        file(job + "/src/main/java/Job.java", BUILT.plusSeconds(1));
        assertThat(BuildState.whyBuild(root)).hasValue(job + "/src/main/java/Job.java changed since the last build");
    }

    @Test
    void aChangedPlatformManifestIsRenderedAgain() throws IOException {
        file("src/main/kubernetes/10-kafka.yml", BUILT.plusSeconds(1));
        assertThat(BuildState.whyBuild(root)).hasValue("src/main/kubernetes/10-kafka.yml changed since the last build");
    }

    @Test
    void aLibraryRebuiltAloneLeavesTheApplicationsThatBundleItToBuild() throws IOException {
        file("services/event-runtime/src/main/java/Library.java", BUILT.plusSeconds(60));
        file("services/event-runtime/target/classes/Library.class", BUILT.plusSeconds(61));
        assertThat(BuildState.whyBuild(root)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("services/event-runtime/src/main/java/Library.java changed since services/")
                .endsWith("/target/quarkus-app/quarkus-run.jar was built"));
    }

    @Test
    void aJobRebuiltAfterItsChangeNeedsNoApplicationBuilt() throws IOException {
        // the applications bundle nothing of the Flink module: their older runners are still current
        PlatformJob job = PlatformJob.ALL.get(0);
        file(job.module() + "/src/main/java/Job.java", BUILT.plusSeconds(60));
        file(job.module() + "/target/classes/Job.class", BUILT.plusSeconds(61));
        assertThat(BuildState.whyBuild(root)).isEmpty();
    }

    private void file(String relative, Instant modified) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, relative);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }
}
