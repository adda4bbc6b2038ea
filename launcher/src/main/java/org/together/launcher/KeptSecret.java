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
import org.together.embedded.DataDirectory;

/**
 * A secret of the embedded stack (the admin token, the pseudonym key): from its environment variable when set,
 * otherwise generated once (32 random bytes), kept in a file of the data dir readable by its owner only, and reused.
 *
 * @param origin where the secret came from, which decides what the launcher may print
 * @param file where a generated secret is kept (empty when it comes from the environment)
 */
public record KeptSecret(String value, Origin origin, Optional<Path> file) {

    public enum Origin {
        /** From {@code TOGETHER_ADMIN_TOKEN}. */
        ENVIRONMENT,
        /** Generated just now, or (the admin token) by a start that failed before it printed it: printed this once. */
        CREATED,
        /** Generated on an earlier start and read back from the data dir. */
        STORED
    }

    @Override
    public String toString() {
        return "KeptSecret[" + origin + file.map(f -> ", " + f).orElse("") + "]";
    }

    /** The secret from the environment if given, else the one kept in {@code <dataDir>/<fileName>}, created on first use. */
    public static KeptSecret resolve(String fromEnvironment, Path dataDir, String fileName) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new KeptSecret(fromEnvironment.strip(), Origin.ENVIRONMENT, Optional.empty());
        }
        Path file = dataDir.resolve(fileName);
        Optional<String> stored = read(file);
        if (stored.isPresent()) {
            return new KeptSecret(stored.get(), Origin.STORED, Optional.of(file));
        }
        String secret = generate();
        try {
            DataDirectory.ownerOnly(dataDir);
            create(file, secret);
            return new KeptSecret(secret, Origin.CREATED, Optional.of(file));
        } catch (FileAlreadyExistsException e) {
            // another process created it between our read and our write: theirs wins
            return new KeptSecret(read(file).orElseThrow(() -> new IllegalStateException(file + " is empty")),
                    Origin.STORED, Optional.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a secret in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The secret kept in a file, if any (client commands run next to a stack read its admin token so). */
    public static Optional<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret kept in " + file + ": " + e.getMessage(), e);
        }
    }

    static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void create(Path file, String secret) throws IOException {
        // created with owner-only permissions from the start, so the secret is never readable by others
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    }
}
