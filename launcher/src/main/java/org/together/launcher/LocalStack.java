package org.together.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.together.embedded.DataDirectoryLock;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The stack {@code ./together run} runs on a data dir, where it recorded its addresses ({@code stack.ports}, see
 * {@link DataDirectoryLock#recordAddresses}). The commands that talk to a running stack use them for what the user did
 * not give (neither flag nor variable): a stack started with {@code --kafka-port 9192} is found without the flag again.
 *
 * @param addresses as recorded: {@code host}, {@code kafka-port}, {@code registry-port}, {@code ingest-port}...,
 *                  and the {@code process} that wrote them
 */
public record LocalStack(Path dataDir, Map<String, String> addresses) {

    /** The addresses recorded on {@code dataDir} by a stack whose process is alive; empty otherwise. */
    public static Optional<LocalStack> recorded(Path dataDir) {
        return DataDirectoryLock.recordedAddresses(dataDir).map(a -> new LocalStack(dataDir, a));
    }

    /** Why no addresses are read although the file is there: a stack killed before it could remove it. */
    public static Optional<String> staleNote(Path dataDir) {
        Path file = dataDir.resolve(DataDirectoryLock.ADDRESSES_FILE);
        return Files.exists(file) && recorded(dataDir).isEmpty()
                ? Optional.of(file + " is left from a stack that is no longer running, and was not read")
                : Optional.empty();
    }

    public String host() {
        return addresses.getOrDefault("host", "127.0.0.1");
    }

    /**
     * Where its embedded Kafka and registry listen: loopback, whatever {@code --host} moved the HTTP services to (a stack
     * of an older version recorded one host for all).
     */
    public String kafkaHost() {
        return addresses.getOrDefault("kafka-host", host());
    }

    /** The port recorded for an option ({@code --kafka-port}), if this stack runs that server. */
    public Optional<Integer> port(String option) {
        String value = addresses.get(option.replaceFirst("^--", ""));
        try {
            return value == null ? Optional.empty() : Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Where these addresses come from, to say so beside the address tried. */
    public String source() {
        return "recorded by ./together run (process " + addresses.get("process") + ") in "
                + dataDir.resolve(DataDirectoryLock.ADDRESSES_FILE);
    }

    /** Whether something accepts connections at {@code host}:{@code port} within half a second (a stack's Kafka, say). */
    public static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the user chose any of {@code options} of {@code command}: on the command line, or through the variable
     * it reads ({@link EnvDefaults}). Chosen addresses win over recorded ones.
     */
    public static boolean chosen(CommandSpec command, String... options) {
        CommandLine commandLine = command.commandLine();
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        CommandLine.IDefaultValueProvider environment = commandLine.getDefaultValueProvider();
        for (String name : options) {
            if (parsed != null && parsed.hasMatchedOption(name)) {
                return true;
            }
            OptionSpec option = command.findOption(name);
            try {
                if (option != null && environment != null && environment.defaultValue(option) != null) {
                    return true;
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the default of " + name, e);
            }
        }
        return false;
    }
}
