package org.together.launcher;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How client commands (import, simulate) reach the ingest API with the admin token. */
public final class ClientOptions {

    @Option(names = "--ingest", defaultValue = "http://localhost:8080", paramLabel = "URL",
            description = "The ingest API (env TOGETHER_INGEST_URL; default: the one ./together run recorded in DIR/stack.ports,"
                    + " else ${DEFAULT-VALUE}).")
    public URI ingest;

    @Option(names = "--token", paramLabel = "ADMIN_TOKEN",
            description = "The admin token (env TOGETHER_ADMIN_TOKEN; default: the one kept in DIR/admin-token); "
                    + "import also takes a territory's token (tgt_...) for that territory's own events.")
    String token;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Data dir of a local stack, where its admin token is kept (env TOGETHER_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    /** The flag or environment token, else the local stack's; an error naming both ways when there is none. */
    public String adminToken() {
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        Path file = dataDir.resolve(AdminToken.FILE_NAME);
        return KeptSecret.read(file).orElseThrow(() -> new IllegalArgumentException(
                "no admin token: pass --token, set TOGETHER_ADMIN_TOKEN, or run next to a stack whose token is kept in " + file));
    }

    /**
     * The ingest API to talk to: {@code --ingest} or its variable when given; else the one the stack running on the
     * data dir recorded ({@code ./together run --ingest-port 9180} is found without the flag again); else the default.
     *
     * @param say where a line naming a recorded address goes, so that the user knows which was tried
     */
    public URI ingest(CommandSpec command, PrintWriter say) {
        if (LocalStack.chosen(command, "--ingest")) {
            return ingest;
        }
        Optional<LocalStack> recorded = LocalStack.recorded(dataDir).filter(r -> r.port("--ingest-port").isPresent());
        if (recorded.isEmpty()) {
            LocalStack.staleNote(dataDir).ifPresent(note -> say.println(command.name() + ": " + note + "; using " + ingest));
            return ingest;
        }
        LocalStack stack = recorded.get();
        URI url = URI.create("http://" + stack.host() + ":" + stack.port("--ingest-port").orElseThrow());
        say.println(command.name() + ": using the ingest API at " + url + " (" + stack.source() + ")");
        say.flush();
        return url;
    }

    public Path dataDir() {
        return dataDir;
    }
}
