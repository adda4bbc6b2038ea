package org.together.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.FreePorts;
import org.together.launcher.run.RunCommand;
import org.together.launcher.run.RunningStack;
import picocli.CommandLine;

/** {@code ./together run} as the command line reads it, on the JVM's shared test broker and free HTTP ports. */
public final class SharedBrokerStack {

    private SharedBrokerStack() {
    }

    /** The stack of {@code run --data-dir dataDir} with these further options, the admin token given. */
    public static RunningStack run(Path dataDir, String adminToken, String... options) {
        EmbeddedStack broker = EmbeddedStack.sharedForTests();
        List<String> args = new ArrayList<>(List.of("run", "--data-dir", dataDir.toString(),
                "--ingest-port", String.valueOf(FreePorts.pick()), "--query-port", String.valueOf(FreePorts.pick()),
                "--kafka", broker.bootstrapServers(), "--registry", broker.registryUrl()));
        args.addAll(List.of(options));
        CommandLine.ParseResult parsed = Together.commandLine(Map.of("TOGETHER_ADMIN_TOKEN", adminToken,
                "TOGETHER_PSEUDONYM_KEY", SharedBrokerSecrets.PSEUDONYM_KEY)).parseArgs(args.toArray(String[]::new));
        return RunningStack.start(((RunCommand) parsed.subcommand().commandSpec().userObject()).settings());
    }
}
