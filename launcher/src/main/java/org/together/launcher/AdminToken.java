package org.together.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.together.embedded.DataDirectory;

/**
 * The coordination team's admin token: {@code TOGETHER_ADMIN_TOKEN} when set, otherwise generated once and kept in
 * {@code <data-dir>/admin-token}, readable by its owner only.
 *
 * <p>A generated token is printed once, by the first start that comes up. A start that fails after generating it (a
 * port in use, Kafka failing) leaves a mark next to it, {@code admin-token.not-shown}, made before the token so that
 * no token is ever without it: the next start still finds the token new and prints it, then {@link #shown} removes
 * the mark.
 */
public final class AdminToken {

    public static final String FILE_NAME = "admin-token";
    static final String NOT_SHOWN = "admin-token.not-shown";

    private AdminToken() {
    }

    /**
     * The token, {@link KeptSecret.Origin#CREATED} while it has not been shown: generated now or by a start that did
     * not come up.
     */
    public static KeptSecret resolve(String fromEnvironment, Path dataDir) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return KeptSecret.resolve(fromEnvironment, dataDir, FILE_NAME);
        }
        Path mark = dataDir.resolve(NOT_SHOWN);
        try {
            if (!Files.exists(dataDir.resolve(FILE_NAME))) {
                DataDirectory.ownerOnly(dataDir);
                Files.createFile(mark);
            }
        } catch (FileAlreadyExistsException alreadyMarked) {
            // a start that failed made it: still not shown
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark the new admin token as not shown yet in " + mark + ": " + e.getMessage(), e);
        }
        KeptSecret token = KeptSecret.resolve(null, dataDir, FILE_NAME);
        if (token.origin() == KeptSecret.Origin.STORED && Files.exists(mark)) {
            return new KeptSecret(token.value(), KeptSecret.Origin.CREATED, token.file());
        }
        return token;
    }

    /** Called once the token was printed: later starts say only where it is kept. */
    public static void shown(KeptSecret token, Path dataDir) {
        if (token.origin() != KeptSecret.Origin.CREATED) {
            return;
        }
        try {
            Files.deleteIfExists(dataDir.resolve(NOT_SHOWN));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot note that the admin token was shown: " + e.getMessage(), e);
        }
    }

    /**
     * With {@code TOGETHER_ADMIN_TOKEN} set, a token generated earlier and still kept in the data dir is refused now,
     * but accepted again by a start without the variable, and read by {@code import} and {@code simulate} run without
     * {@code --token}: say so, so that rotating the token through the variable does not leave the old one live unseen.
     */
    public static Optional<String> ignoredFileWarning(KeptSecret token, Path dataDir) {
        if (token.origin() != KeptSecret.Origin.ENVIRONMENT) {
            return Optional.empty();
        }
        Path file = dataDir.resolve(FILE_NAME);
        return KeptSecret.read(file).filter(kept -> !kept.equals(token.value())).map(kept -> "TOGETHER_ADMIN_TOKEN is set, "
                + "so the admin token kept in " + file + " is not accepted now; it will be again at a start without the "
                + "variable, and import and simulate without --token still read it: delete " + file + " to retire that token");
    }
}
