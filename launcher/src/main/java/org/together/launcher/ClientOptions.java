package org.together.launcher;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How client commands (import, simulate) reach the ingest API with the admin token. */
public final class ClientOptions {

    @Option(names = "--ingest", defaultValue = "http://localhost:8080", paramLabel = "URL",
            description = "The ingest API (env TOGETHER_INGEST_URL; default: the one ./together run recorded in DIR/stack.ports,"
                    + " else ${DEFAULT-VALUE}).")
    public URI ingest;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The admin token (env TOGETHER_ADMIN_TOKEN; default: the one kept in DIR/admin-token); "
                    + "import also takes a territory's token (tgt_...) for that territory's own events. "
                    + "A command line is visible to every user of the machine (ps): prefer --token-file or the variable.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the token (admin, or a territory's for import) from FILE, e.g. one readable by you only;"
                    + " instead of --token.")
    Path tokenFile;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Data dir of a local stack, where its admin token is kept (env TOGETHER_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    /**
     * The token of {@code --token-file}, else of {@code --token} or its variable, else the local stack's admin token; an
     * error naming the ways when there is none.
     *
     * @throws IllegalArgumentException no token, both flags given, or a token file that cannot be read or is empty
     */
    public String adminToken() {
        if (tokenFile != null) {
            CommandLine.ParseResult parsed = command == null ? null : command.commandLine().getParseResult();
            if (parsed != null && parsed.hasMatchedOption("--token")) {
                throw new IllegalArgumentException("give --token or --token-file, not both");
            }
            if (!Files.isRegularFile(tokenFile)) {
                throw new IllegalArgumentException("--token-file " + tokenFile + ": no such file");
            }
            return KeptSecret.read(tokenFile).orElseThrow(() -> new IllegalArgumentException(
                    "--token-file " + tokenFile + " is empty: it should hold the token alone"));
        }
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        Path file = dataDir.resolve(AdminToken.FILE_NAME);
        return KeptSecret.read(file).orElseThrow(() -> new IllegalArgumentException(
                "no admin token: pass --token-file, set TOGETHER_ADMIN_TOKEN, or run next to a stack whose token is kept in " + file));
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
