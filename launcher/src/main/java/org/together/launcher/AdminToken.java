package org.together.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The coordination team's admin token: {@code TOGETHER_ADMIN_TOKEN} when set, otherwise generated once
 * (32 random bytes), kept in {@code <data-dir>/admin-token} readable by its owner only, and reused.
 *
 * @param origin where the token came from, which decides what the launcher may print
 * @param file where a generated token is kept (empty when it comes from the environment)
 */
public record AdminToken(String value, Origin origin, Optional<Path> file) {

    public static final String FILE_NAME = "admin-token";

    public enum Origin {
        /** From {@code TOGETHER_ADMIN_TOKEN}. */
        ENVIRONMENT,
        /** Generated just now: the only time it is printed. */
        CREATED,
        /** Generated on an earlier start and read back from the data dir. */
        STORED
    }

    @Override
    public String toString() {
        return "AdminToken[" + origin + file.map(f -> ", " + f).orElse("") + "]";
    }

    /** The token from the environment if given, else the one kept in the data dir, created on first use. */
    public static AdminToken resolve(String fromEnvironment, Path dataDir) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new AdminToken(fromEnvironment.strip(), Origin.ENVIRONMENT, Optional.empty());
        }
        Path file = dataDir.resolve(FILE_NAME);
        Optional<String> stored = read(file);
        if (stored.isPresent()) {
            return new AdminToken(stored.get(), Origin.STORED, Optional.of(file));
        }
        String token = generate();
        try {
            Files.createDirectories(dataDir);
            create(file, token);
            return new AdminToken(token, Origin.CREATED, Optional.of(file));
        } catch (FileAlreadyExistsException e) {
            // another process created it between our read and our write: theirs wins
            return new AdminToken(read(file).orElseThrow(() -> new IllegalStateException(file + " is empty")),
                    Origin.STORED, Optional.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The token kept in the data dir, if any, for client commands (import, simulate) run next to a stack. */
    public static Optional<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token from " + file + ": " + e.getMessage(), e);
        }
    }

    static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void create(Path file, String token) throws IOException {
        // created with owner-only permissions from the start, so the token is never readable by others
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    }
}
