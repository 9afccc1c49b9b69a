package com.carbon254.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local stand-in for a cluster's Secrets: one folder per Secret under {@code <state folder>/secrets/}, one file
 * per key, readable by the owner only. A generated value (a password) is generated once and kept, so that data kept
 * across restarts (SCRAM credentials in Kafka's metadata, PostgreSQL roles) still matches it.
 */
public final class StackSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;

    public StackSecrets(Path home) {
        this.folder = home.resolve("secrets");
    }

    /** The folder of one Secret (what a volume of that Secret would be mounted as). */
    public Path secret(String name) {
        return folder.resolve(name);
    }

    /** The value of {@code key} in Secret {@code name}, or null when it was never written. */
    public String get(String name, String key) {
        Path file = secret(name).resolve(key);
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kept password of {@code key} in Secret {@code name}, generated (24 random bytes) on first use. */
    public String password(String name, String key) {
        String existing = get(name, key);
        if (existing != null) {
            return existing;
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        put(name, key, generated);
        return generated;
    }

    /** Writes {@code value} as {@code key} of Secret {@code name} (owner read/write only). */
    public void put(String name, String key, String value) {
        try {
            Path dir = Files.createDirectories(secret(name));
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            Path file = dir.resolve(key);
            Files.writeString(file, value);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write secret " + name + "/" + key + " in " + folder, e);
        }
    }
}
