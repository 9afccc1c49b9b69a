package com.carbon254.devstack.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Builds the command line of a supervised server JVM: same JDK as the launcher, the launcher's own classes
 * first (for {@link Supervised}), then the server's classpath.
 */
public final class JavaCommand {

    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> classpath = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final String mainClass;

    private JavaCommand(String mainClass) {
        this.mainClass = mainClass;
    }

    public static JavaCommand main(String mainClass) {
        return new JavaCommand(mainClass);
    }

    /**
     * A Quarkus fast-jar application ({@code target/quarkus-app/quarkus-run.jar}), started through its entry point on
     * the classpath (the supervising wrapper needs a {@code -cp} launch), with the {@code Add-Opens} of its manifest as
     * {@code --add-opens} options: {@code java -jar} would honour them, a {@code -cp} launch does not, and without
     * {@code java.lang} open Quarkus' worker threads die on JDK 24+ (jboss-threads' thread-local reset).
     */
    public static JavaCommand quarkusApplication(Path runner) {
        JavaCommand command = new JavaCommand("io.quarkus.bootstrap.runner.QuarkusEntryPoint");
        command.classpath.add(runner.toString());
        try (JarFile jar = new JarFile(runner.toFile())) {
            String opens = jar.getManifest().getMainAttributes().getValue("Add-Opens");
            if (opens != null) {
                for (String module : opens.trim().split("\\s+")) {
                    if (!module.isEmpty()) {
                        command.jvmOptions.add("--add-opens=" + module + "=ALL-UNNAMED");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + runner, e);
        }
        return command;
    }

    public JavaCommand heap(String maxHeap) {
        jvmOptions.add("-Xmx" + maxHeap);
        return this;
    }

    /** C1 only and the serial collector: about twice as fast to start on two cores, slower at peak. */
    public JavaCommand quickStart(boolean enabled) {
        if (enabled) {
            jvmOptions.add("-XX:TieredStopAtLevel=1");
            jvmOptions.add("-XX:+UseSerialGC");
        }
        return this;
    }

    public JavaCommand jvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    public JavaCommand systemProperty(String key, String value) {
        jvmOptions.add("-D" + key + "=" + value);
        return this;
    }

    public JavaCommand classpath(List<String> entries) {
        classpath.addAll(entries);
        return this;
    }

    public JavaCommand args(String... args) {
        arguments.addAll(List.of(args));
        return this;
    }

    public List<String> build() {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("-XX:-UsePerfData");
        command.addAll(jvmOptions);
        command.add("-cp");
        List<String> cp = new ArrayList<>();
        cp.add(ServerClasspath.launcherRoot().toString());
        cp.addAll(classpath);
        command.add(String.join(File.pathSeparator, cp));
        command.add(Supervised.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }
}
